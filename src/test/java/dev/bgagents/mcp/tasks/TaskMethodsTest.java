package dev.bgagents.mcp.tasks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** How jobs read as MCP tasks; the protocol itself is exercised over stdio in McpTasksIT. */
class TaskMethodsTest {

    @Test
    void onlyProtocolsFromTheTasksRevisionOnGetThem() {
        assertFalse(TaskMethods.supported("2024-11-05"));
        assertFalse(TaskMethods.supported("2025-06-18"));
        assertFalse(TaskMethods.supported(null));
        assertTrue(TaskMethods.supported("2025-11-25"));
    }

    @Test
    void aCursorComesBackAsItsPositionAndAnythingElseIsRefused() {
        assertEquals(50, TaskCursor.decode(TaskCursor.encode(50), 55));
        assertEquals(55, TaskCursor.decode(TaskCursor.encode(55), 55));
        for (String bad : new String[] {"", "50", "!!!", TaskCursor.encode(56), TaskCursor.encode(-1)}) {
            TaskMethods.TaskError e = assertThrows(TaskMethods.TaskError.class, () -> TaskCursor.decode(bad, 55),
                    bad);
            assertEquals(-32602, e.code);
        }
    }
}
