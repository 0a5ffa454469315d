package dev.odoostack.edge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class RuleCheckTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "Host(`opw.localhost`)",
            "Host(`a.example`) || Host(`www.a.example`)",
            "(Host(`a.example`) || Host(`b.example`)) && PathPrefix(`/websocket`)",
            "Host(`t.example`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`))",
            "!Path(`/x`) && Header(`X-A`, `1`)"})
    void acceptsValidRules(String rule) {
        assertEquals(java.util.Optional.empty(), RuleCheck.problem(rule));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "Host(`a.example)#unbalanced backtick",
            "Host(`a.example`#expected ')'",
            "(Host(`a.example`) || Host(`b`)#expected ')'",
            "Hots(`a.example`)#unknown matcher 'Hots'",
            "Host(`a`, `b`)#Host takes 1 argument(s), got 2",
            "Host(a.example)#expected '`'",
            "Host(`a`) & Host(`b`)#unexpected '&'",
            "Host(``)#empty argument",
            "Host(`a`) ||| Host(`b`)#expected a matcher"})
    void pointsAtWhatIsWrong(String rule, String expected) {
        String problem = RuleCheck.problem(rule).orElseThrow(() -> new AssertionError("accepted: " + rule));
        assertTrue(problem.contains(expected), problem);
    }
}
