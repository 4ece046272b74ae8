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
        assertEquals(50, TaskMethods.decodeCursor(TaskMethods.encodeCursor(50), 55));
        assertEquals(55, TaskMethods.decodeCursor(TaskMethods.encodeCursor(55), 55));
        for (String bad : new String[] {"", "50", "!!!", TaskMethods.encodeCursor(56), TaskMethods.encodeCursor(-1)}) {
            TaskMethods.TaskError e = assertThrows(TaskMethods.TaskError.class, () -> TaskMethods.decodeCursor(bad, 55),
                    bad);
            assertEquals(-32602, e.code);
        }
    }
}
