package org.facegate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;

/**
 * A check the fault tests send and the decision it must get, over the identities {@link #enrol} enrols (P1 alice,
 * P2 bob): genuine, impostor, not enrolled and chip-photo checks in turn.
 */
public record PlannedCheck(String checkId, CheckRequest request, Decision expected) {

    /** Check number {@code i} from {@code gateId}: one kind per {@code i % 5}. */
    public static PlannedCheck plan(int i, String gateId) {
        String id = String.format("k%03d", i);
        Instant now = Instant.now();
        return switch (i % 5) {
            case 0 -> new PlannedCheck(id, check(id, gateId, "P1", TestFaces.live("alice"), null, now), Decision.MATCH);
            case 1 -> new PlannedCheck(id, check(id, gateId, "P2", TestFaces.live("bob"), null, now), Decision.MATCH);
            case 2 -> new PlannedCheck(id, check(id, gateId, "P1", TestFaces.live("mallory"), null, now), Decision.NO_MATCH);
            case 3 -> new PlannedCheck(id, check(id, gateId, "P404", TestFaces.live("alice"), null, now), Decision.NOT_ENROLLED);
            default -> new PlannedCheck(id, check(id, gateId, "P9", TestFaces.live("bob"), TestFaces.enrolment("bob"), now),
                    Decision.MATCH);
        };
    }

    private static CheckRequest check(String id, String gateId, String document, byte[] live, byte[] chip, Instant at) {
        return CheckRequest.of(id, gateId, document, at, new EncodedImage("jpeg", live),
                chip == null ? null : new EncodedImage("jpeg", chip));
    }

    /** Enrols P1 (alice) and P2 (bob) and waits for both to be ENROLLED. */
    public static void enrol(GateClient gate, TopicReader<EnrolmentResult> results, Duration wait) {
        gate.enrol(Enrolment.of("P1", List.of(new EncodedImage("jpeg", TestFaces.enrolment("alice"))), Instant.now(), "it"));
        gate.enrol(Enrolment.of("P2", List.of(new EncodedImage("jpeg", TestFaces.enrolment("bob"))), Instant.now(), "it"));
        gate.flush();
        assertTrue(KafkaTestSupport.await(results, 2, wait).stream().allMatch(r -> r.status() == EnrolmentStatus.ENROLLED));
    }

    /**
     * Read committed from the beginning of {@code verdictsTopic}: every planned check has exactly one verdict, with the
     * planned decision, and there is no other.
     */
    public static void assertExactlyOnce(Properties client, String verdictsTopic, Map<String, PlannedCheck> planned,
                                         Duration wait) {
        try (TopicReader<Verdict> all = new TopicReader<>(client, verdictsTopic, Verdict.class, true)) {
            List<Verdict> every = KafkaTestSupport.await(all, planned.size(), wait);
            assertTrue(all.poll(Duration.ofSeconds(3)).isEmpty(), "no extra verdicts");
            Map<String, Long> counts = every.stream().collect(Collectors.groupingBy(Verdict::checkId, Collectors.counting()));
            assertEquals(planned.keySet(), counts.keySet(), "none lost");
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "none doubled: " + counts);
            Map<String, Verdict> byId = every.stream().collect(Collectors.toMap(Verdict::checkId, Function.identity()));
            planned.forEach((id, p) -> assertEquals(p.expected(), byId.get(id).decision(), id));
        }
    }
}
