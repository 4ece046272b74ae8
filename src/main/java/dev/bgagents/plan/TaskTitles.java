package dev.bgagents.plan;

import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.bgagents.plan.MarkdownSource.plain;

/** How a plan names its tasks: a list item's title, and the number a title carries ("3. Models", "Task 3:"). */
final class TaskTitles {
    private static final Pattern NUMBERED_WORD = Pattern.compile(
            "(?i)^(?:task|step|phase|part|item)\\s*#?(\\d{1,3})\\b\\s*[.):\\-–—]*\\s*(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^#?(\\d{1,3})(?:[.)]\\s+|\\s*[:\\-–—]\\s+)(.+)$");

    private TaskTitles() {
    }

    /** A list item's title: its bold lead-in, else its first line up to a colon or dash, else its first sentence. */
    static String ofItem(Paragraph p) {
        Node first = p.getFirstChild();
        // the task-list extension leaves an empty text node where the checkbox was
        while (first instanceof Text t && t.getLiteral().isBlank() && first.getNext() != null) {
            first = first.getNext();
        }
        String line = plain(p).strip().lines().findFirst().orElse("").strip();
        if (first instanceof StrongEmphasis strong) {
            String t = plain(strong).strip().replaceAll("[:.\\-–—]+$", "").strip();
            String rest = line.substring(Math.min(line.length(), plain(strong).strip().length())).strip();
            // "**Models**: ..." is a title; "**Wire up** the middleware, ..." is the start of a sentence
            if (!t.isEmpty() && (rest.isEmpty() || rest.matches("^[:.\\-–—(].*") || t.split("\\s+").length >= 3)) {
                return t;
            }
            Matcher clause = Pattern.compile("^(.{10,100}?)(?:,\\s|[.;:]\\s|[.;:]$)").matcher(line);
            if (clause.find()) {
                return clause.group(1);
            }
        }
        line = line.replaceFirst("^\\[[ xX]]\\s*", "");
        Matcher head = Pattern.compile("^(.{3,60}?)(?::\\s|\\s[-–—]\\s)").matcher(line);
        if (head.find()) {
            return head.group(1).strip();
        }
        Matcher sentence = Pattern.compile("^(.{10,100}?[.!?])\\s").matcher(line);
        if (sentence.find()) {
            return sentence.group(1).replaceAll("[.]$", "");
        }
        return line.length() <= 100 ? line : line.substring(0, 99) + "…";
    }

    /** ["3", "Models"] for "3. Models" or "Task 3: Models"; null when the text carries no number. */
    static String[] number(String text) {
        String t = text.strip();
        Matcher m = NUMBERED_WORD.matcher(t);
        if (m.matches()) {
            return new String[]{String.valueOf(Integer.parseInt(m.group(1))), m.group(2).strip()};
        }
        m = NUMBERED.matcher(t);
        if (m.matches()) {
            return new String[]{String.valueOf(Integer.parseInt(m.group(1))), m.group(2).strip()};
        }
        return null;
    }

    static String stripNumber(String text) {
        String[] n = number(text);
        return (n == null ? text : n[1]).strip().replaceAll("[:.]$", "");
    }
}
