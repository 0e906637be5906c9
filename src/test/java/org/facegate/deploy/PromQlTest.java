package org.facegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PromQL reader the deploy tests rely on: what it finds, and what it refuses. */
class PromQlTest {

    @Test
    void findsSelectorsMatchersAndGroupingLabels() {
        PromQl.Parsed p = PromQl.parse("""
                histogram_quantile(0.99, sum by (namespace, le) (rate(facegate_verdict_latency_seconds_bucket{decision!="REJECTED"}[5m]))) > 1
                and on (namespace) sum(rate(facegate_verdicts_total{reason=~"NO_FACE|FACE_TOO_SMALL", pod=~"$pod"}[$__rate_interval])) by (job) > 0.5e-1
                """);
        assertEquals(List.of("facegate_verdict_latency_seconds_bucket", "facegate_verdicts_total"),
                p.selectors().stream().map(PromQl.Selector::metric).toList());
        assertEquals(List.of(new PromQl.Matcher("decision", "!=", "REJECTED")), p.selectors().get(0).matchers());
        assertEquals(Set.of("namespace", "le", "job"), p.groupingLabels());
        PromQl.Matcher reason = p.selectors().get(1).matchers().get(0);
        assertTrue(reason.matches("NO_FACE"));
        assertFalse(reason.matches("NO_FACES"), "regex matchers are anchored, as in Prometheus");
        assertTrue(p.selectors().get(1).matchers().get(1).matches("facegate-0"), "a Grafana variable matches anything");
    }

    @Test
    void readsGrafanaLabelValuesAndNameOnlySelectorsAndOffsets() {
        PromQl.Parsed lv = PromQl.parse("label_values(facegate_ready{namespace=~\"$namespace\"}, pod)");
        assertEquals("facegate_ready", lv.selectors().get(0).metric());
        assertTrue(lv.groupingLabels().contains("pod"));
        PromQl.Parsed named = PromQl.parse("{__name__=\"up\", job=~\".*facegate.*\"} offset 1h == 0");
        assertEquals("up", named.selectors().get(0).metric());
        assertEquals("process_cpu_usage", PromQl.parse("max_over_time(process_cpu_usage[1h:5m])").selectors().get(0).metric());
    }

    @Test
    void refusesMalformedQueries() {
        for (String bad : List.of(
                "rate(facegate_verdicts_total[5m]",           // unclosed (
                "sum(rate(facegate_verdicts_total[5m])))",    // extra )
                "rated(facegate_verdicts_total[5m])",         // unknown function
                "rate(facegate_verdicts_total[5 m])",         // bad duration
                "facegate_verdicts_total{decision=REJECTED}", // unquoted value
                "facegate_verdicts_total{decision=~\"(\"}",   // bad regex
                "sum by facegate_ready",                      // by without a label list
                "")) {
            assertThrows(PromQl.InvalidQueryException.class, () -> PromQl.parse(bad), bad);
        }
    }
}
