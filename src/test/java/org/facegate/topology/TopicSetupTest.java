package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.facegate.events.CheckRequest;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EventJson;
import org.junit.jupiter.api.Test;

/** The topics FaceGate creates carry the settings schemas/README.md promises, and the largest valid events fit. */
class TopicSetupTest {

    private static final TopologySettings SETTINGS = TopologySettings.DEFAULT;

    private static Map<String, NewTopic> topics() {
        return TopicSetup.newTopics(SETTINGS, 3, TopicReplication.unknownCluster((short) -1)).stream()
                .collect(Collectors.toMap(NewTopic::name, t -> t));
    }

    @Test
    void sizesAreThoseInTheSchemasReadme() {
        assertEquals(2_861_744, SETTINGS.maxCheckRecordBytes());
        assertEquals(7_056_056, SETTINGS.maxEnrolmentRecordBytes());
        Map<String, NewTopic> t = topics();
        assertEquals("2861744", t.get("passport-checks").configs().get("max.message.bytes"));
        assertEquals("7056056", t.get("enrolments").configs().get("max.message.bytes"));
        assertEquals("7056056", t.get("dead-letters").configs().get("max.message.bytes"));
    }

    @Test
    void enrolmentsAreCompactedAndErasuresLeaveWithinADay() {
        Map<String, String> c = topics().get("enrolments").configs();
        assertEquals("compact", c.get("cleanup.policy"));
        assertEquals("86400000", c.get("max.compaction.lag.ms"));
        assertEquals("604800000", topics().get("dead-letters").configs().get("retention.ms"));
    }

    @Test
    void partitionsAndBrokerDefaultReplication() {
        for (NewTopic t : topics().values()) {
            assertEquals(3, t.numPartitions());
            assertEquals(-1, t.replicationFactor(), "broker default");
        }
    }

    @Test
    void theLargestValidEventsFitTheirTopics() {
        EncodedImage largest = new EncodedImage("jpeg", new byte[SETTINGS.maxImageBytes()]);
        int check = EventJson.write(CheckRequest.of("c".repeat(128), "g".repeat(128), "d".repeat(128), Instant.now(),
                largest, largest)).length;
        int enrolment = EventJson.write(Enrolment.of("d".repeat(128),
                Collections.nCopies(SETTINGS.templatesPerIdentity(), largest), Instant.now(), "s".repeat(128))).length;
        assertTrue(check < SETTINGS.maxCheckRecordBytes(), check + " bytes");
        assertTrue(enrolment < SETTINGS.maxEnrolmentRecordBytes(), enrolment + " bytes");
        assertTrue(List.of(check, enrolment).stream().allMatch(n -> n > SETTINGS.maxImageBytes()));
    }
}
