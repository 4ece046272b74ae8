package dev.bgagents.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure of a benchmark: the median of repeated runs, beside the baseline it is compared
 * with, measured in the same run (these machines are noisy: the ratio says more than the
 * time), and the goal it is held to, if any.
 *
 * @param baseline what the figure is compared with ("" when nothing compares), and its median
 * @param goal     null when the figure is only reported
 */
record Figure(String area, String what, double median, String unit, String baseline, double baselineMedian,
              Goal goal) {

    /** A bound on the figure itself, on its ratio to the baseline, or on how much it exceeds the baseline. */
    record Goal(double limit, Kind kind) {
        enum Kind { VALUE, RATIO, GROWTH }

        static Goal atMost(double limit) {
            return new Goal(limit, Kind.VALUE);
        }

        static Goal ratioAtMost(double limit) {
            return new Goal(limit, Kind.RATIO);
        }

        static Goal growthAtMost(double limit) {
            return new Goal(limit, Kind.GROWTH);
        }

        String text(String unit) {
            return switch (kind) {
                case VALUE -> "≤ " + trim(limit) + " " + unit;
                case RATIO -> "≤ " + trim(limit) + "×";
                case GROWTH -> "≤ +" + trim(limit) + " " + unit;
            };
        }
    }

    static Figure of(String area, String what, double median, String unit) {
        return new Figure(area, what, median, unit, "", Double.NaN, null);
    }

    Figure against(String baseline, double baselineMedian) {
        return new Figure(area, what, median, unit, baseline, baselineMedian, goal);
    }

    Figure goal(Goal g) {
        return new Figure(area, what, median, unit, baseline, baselineMedian, g);
    }

    double ratio() {
        return baseline.isEmpty() || baselineMedian == 0 ? Double.NaN : median / baselineMedian;
    }

    /** "met", "missed", or "" for a figure only reported. */
    String verdict() {
        if (goal == null) {
            return "";
        }
        double v = switch (goal.kind()) {
            case VALUE -> median;
            case RATIO -> ratio();
            case GROWTH -> baseline.isEmpty() ? Double.NaN : median - baselineMedian;
        };
        return Double.isNaN(v) ? "" : v <= goal.limit() ? "met" : "missed";
    }

    static double median(List<? extends Number> values) {
        List<Double> s = new ArrayList<>(values.stream().map(Number::doubleValue).toList());
        Collections.sort(s);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String trim(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format("%,.0f", v);
        }
        return Math.abs(v) >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
