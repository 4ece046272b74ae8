package dev.bgagents.plan;

import dev.bgagents.plan.PlanParser.Section;
import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.node.BulletList;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;

import java.util.ArrayList;
import java.util.List;

import static dev.bgagents.plan.MarkdownSource.children;

/**
 * The tasks of a plan that lists them as items: checkbox items, or the items of a numbered list.
 * Each item's own markdown is its task's goal; a ticked box is done already.
 */
final class ListItemTasks {
    private final MarkdownSource source;

    ListItemTasks(MarkdownSource source) {
        this.source = source;
    }

    /** Unticked checkbox items, anywhere in the plan. */
    List<Section> checkboxes(List<Node> top) {
        List<Section> out = new ArrayList<>();
        for (Node n : top) {
            if (n instanceof ListBlock list) {
                for (Node item : children(list)) {
                    // a ticked box is done already: not a task to run
                    if (item instanceof ListItem li && checkbox(li) && !done(li)) {
                        out.add(itemTask(li, null, List.of(n)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The items of the numbered lists among {@code top[from, to)} — of its bulleted ones too in a
     * Tasks section ({@code inSection}) — only the checkbox ones where there are any, none ticked.
     */
    List<Section> inLists(List<Node> top, int from, int to, boolean inSection) {
        List<Section> out = new ArrayList<>();
        boolean anyCheckbox = false;
        for (int i = from; i < to; i++) {
            if (top.get(i) instanceof ListBlock list) {
                anyCheckbox |= children(list).stream().anyMatch(c -> c instanceof ListItem li && checkbox(li));
            }
        }
        for (int i = from; i < to; i++) {
            Node n = top.get(i);
            if (!(n instanceof OrderedList) && !(inSection && n instanceof BulletList)) {
                continue;
            }
            int number = n instanceof OrderedList ol ? startNumber(ol) : 1;
            for (Node item : children(n)) {
                if (item instanceof ListItem li && (!anyCheckbox || checkbox(li)) && !done(li)) {
                    out.add(itemTask(li, n instanceof OrderedList ? String.valueOf(number) : null, List.of(n)));
                }
                number++;
            }
        }
        return out;
    }

    private static int startNumber(OrderedList ol) {
        Integer n = ol.getMarkerStartNumber();
        return n == null ? 1 : n;
    }

    private Section itemTask(ListItem item, String label, List<Node> owned) {
        List<Node> blocks = new ArrayList<>();
        for (Node c : children(item)) {
            if (!(c instanceof TaskListItemMarker)) {
                blocks.add(c);
            }
        }
        String title = "";
        if (!blocks.isEmpty() && blocks.get(0) instanceof Paragraph p) {
            title = TaskTitles.ofItem(p);
        }
        String[] numbered = TaskTitles.number(title);
        if (numbered != null && label == null) {
            label = numbered[0];
            title = numbered[1];
        }
        return new Section(TaskLines.draft(label, title, source.item(item), blocks), owned);
    }

    private static boolean checkbox(ListItem item) {
        return item.getFirstChild() instanceof TaskListItemMarker;
    }

    private static boolean done(ListItem item) {
        return item.getFirstChild() instanceof TaskListItemMarker m && m.isChecked();
    }
}
