package dev.bgagents.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Figures as one markdown table: printed, and written to a file so a run can be compared with the next. */
final class BenchTable {
    private BenchTable() {
    }

    static String render(String title, List<Figure> figures) {
        StringBuilder out = new StringBuilder(title).append("\n\n");
        out.append("| area | figure | median | baseline (same run) | ratio | goal | |\n");
        out.append("|---|---|---:|---|---:|---|---|\n");
        for (Figure f : figures) {
            String base = f.baseline().isEmpty() ? "" : f.baseline() + ": " + Figure.trim(f.baselineMedian()) + " " + f.unit();
            String ratio = Double.isNaN(f.ratio()) ? "" : Figure.trim(f.ratio()) + "×";
            out.append("| ").append(f.area()).append(" | ").append(f.what()).append(" | ")
                    .append(Figure.trim(f.median())).append(' ').append(f.unit()).append(" | ").append(base).append(" | ")
                    .append(ratio).append(" | ").append(f.goal() == null ? "" : f.goal().text(f.unit())).append(" | ")
                    .append(f.verdict()).append(" |\n");
        }
        return out.toString();
    }

    /** Prints the table; with a file, also writes it there. */
    static void print(String title, List<Figure> figures, Path file) throws IOException {
        String table = render(title, figures);
        System.out.println();
        System.out.print(table);
        if (file != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, table);
            System.out.println("\nwritten to " + file);
        }
    }
}
