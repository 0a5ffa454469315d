package dev.odoostack.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every operation the Automation API runs names its stack, so two stacks of one project can run at once. */
class StackPinnedCommandTest {
    @Test
    void operationsWithoutAStackGetThisOne() {
        assertEquals(List.of("up", "--stack", "cm", "--yes", "--skip-preview"),
                StackPinnedCommand.pinned(List.of("up", "--yes", "--skip-preview"), "cm"));
        assertEquals(List.of("destroy", "--stack", "cm", "--yes"), StackPinnedCommand.pinned(List.of("destroy", "--yes"), "cm"));
        assertEquals(List.of("stack", "history", "--stack", "cm", "--json"),
                StackPinnedCommand.pinned(List.of("stack", "history", "--json"), "cm"));
    }

    @Test
    void whatNamesAStackOrTakesNoneStaysAsItIs() {
        assertEquals(List.of("preview", "--stack", "opw"), StackPinnedCommand.pinned(List.of("preview", "--stack", "opw"), "cm"));
        assertEquals(List.of("stack", "init", "cm"), StackPinnedCommand.pinned(List.of("stack", "init", "cm"), "cm"));
        assertEquals(List.of("version"), StackPinnedCommand.pinned(List.of("version"), "cm"));
    }
}
