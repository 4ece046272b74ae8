package dev.bgagents.plan;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Block;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;

import java.util.ArrayList;
import java.util.List;

/** A plan's markdown as written: the source text of a parsed node, and a node's plain text. */
final class MarkdownSource {
    private final String text;
    private final List<Integer> lineStarts = new ArrayList<>();

    MarkdownSource(String text) {
        this.text = text;
        lineStarts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
    }

    String text() {
        return text;
    }

    /** The markdown a list item was written as, without its marker and indentation. */
    String item(ListItem item) {
        String raw = of(item, item);
        int indent = item.getContentIndent() == null ? 0 : item.getContentIndent();
        List<SourceSpan> spans = item.getSourceSpans();
        int column = spans.isEmpty() ? 0 : spans.get(0).getColumnIndex();
        StringBuilder out = new StringBuilder();
        String[] lines = raw.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == 0) {
                int cut = Math.max(0, Math.min(line.length(), indent - column));
                line = line.substring(cut).replaceFirst("^\\[[ xX]]\\s*", "");
            } else {
                int spaces = 0;
                while (spaces < line.length() && spaces < indent && line.charAt(spaces) == ' ') {
                    spaces++;
                }
                line = line.substring(spaces);
            }
            out.append(line).append('\n');
        }
        return out.toString().strip();
    }

    /** The source text from the first line of {@code first} to the end of {@code last}. */
    String of(Node first, Node last) {
        List<SourceSpan> a = first.getSourceSpans();
        List<SourceSpan> b = last.getSourceSpans();
        if (a.isEmpty() || b.isEmpty()) {
            return plain(first);
        }
        int start = lineStarts.get(a.get(0).getLineIndex()) + (first instanceof ListItem ? a.get(0).getColumnIndex() : 0);
        SourceSpan end = b.get(b.size() - 1);
        int stop = Math.min(text.length(), end.getInputIndex() + end.getLength());
        return start >= stop ? "" : text.substring(start, stop);
    }

    static List<Node> children(Node parent) {
        List<Node> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNext()) {
            out.add(c);
        }
        return out;
    }

    /** A node's text: inline text and code literals, line breaks as newlines, one block per line. */
    static String plain(Node node) {
        StringBuilder out = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                out.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                out.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak b) {
                out.append('\n');
            }

            @Override
            public void visit(HardLineBreak b) {
                out.append('\n');
            }

            @Override
            public void visit(FencedCodeBlock code) {
                // code in a plan is material, not a place for "Depends on:" lines
            }

            @Override
            public void visit(IndentedCodeBlock code) {
            }

            @Override
            protected void visitChildren(Node parent) {
                for (Node c = parent.getFirstChild(); c != null; c = c.getNext()) {
                    c.accept(this);
                    if (c instanceof Block && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                        out.append('\n');
                    }
                }
            }
        });
        return out.toString();
    }
}
