package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import org.facegate.config.FaceGateConfig;
import org.junit.jupiter.api.Test;

/**
 * With {@code facegate.topics.replication-factor} at -1 the cluster decides: min(3, brokers) copies, two of them
 * needed for a write where there are three; the start-up check names what the cluster cannot give.
 */
class TopicReplicationTest {

    private static final short DEFAULT = -1;

    @Test
    void theDefaultFollowsTheClusterUpToThreeCopiesWithTwoInSync() {
        assertEquals(new TopicReplication((short) 1, OptionalInt.empty()), TopicReplication.choose(DEFAULT, 1));
        assertEquals(new TopicReplication((short) 2, OptionalInt.empty()), TopicReplication.choose(DEFAULT, 2));
        assertEquals(new TopicReplication((short) 3, OptionalInt.of(2)), TopicReplication.choose(DEFAULT, 3));
        assertEquals(new TopicReplication((short) 3, OptionalInt.of(2)), TopicReplication.choose(DEFAULT, 7));
    }

    @Test
    void aConfiguredFactorIsKeptEvenWhereTheClusterIsTooSmallAndThatIsReported() {
        TopicReplication r = TopicReplication.choose((short) 3, 1);
        assertEquals(3, r.factor());
        List<String> problems = r.shortfalls((short) 3, 1, List.of());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("facegate.topics.replication-factor=3 but the cluster has 1 broker(s)"), problems.get(0));
    }

    @Test
    void existingTopicsWithFewerCopiesOrWeakerAcknowledgementsAreReportedInOneLineEach() {
        TopicReplication r = TopicReplication.choose(DEFAULT, 3);
        List<String> problems = r.shortfalls(DEFAULT, 3, List.of(
                new TopicReplication.ExistingTopic("passport-checks", 1, 1),
                new TopicReplication.ExistingTopic("verdicts", 3, 1),
                new TopicReplication.ExistingTopic("enrolments", 3, 2),
                new TopicReplication.ExistingTopic("dead-letters", 3, Integer.MAX_VALUE)));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("fewer replicas than the 3 wanted here: [passport-checks (1)]"), problems.get(0));
        assertTrue(problems.get(1).contains("fewer than 2 in-sync replicas: [passport-checks (1), verdicts (1)]"), problems.get(1));
        assertEquals(List.of(), r.shortfalls(DEFAULT, 3, List.of(new TopicReplication.ExistingTopic("verdicts", 3, 2))));
    }

    @Test
    void createdTopicsAndStreamsInternalTopicsGetTheChosenReplication() {
        TopicReplication r = TopicReplication.choose(DEFAULT, 3);
        TopicSetup.newTopics(TopologySettings.DEFAULT, 6, r).forEach(t -> {
            assertEquals(3, t.replicationFactor(), t.name());
            assertEquals("2", t.configs().get("min.insync.replicas"), t.name());
        });
        Properties streams = FaceGateConfig.defaults().streamsProperties(r);
        assertEquals(3, streams.get("replication.factor"));
        assertEquals("2", streams.get("topic.min.insync.replicas"));
        Properties single = FaceGateConfig.defaults().streamsProperties(TopicReplication.choose(DEFAULT, 1));
        assertEquals(1, single.get("replication.factor"));
        assertEquals(null, single.get("topic.min.insync.replicas"), "a single broker's own default");
    }

    @Test
    void beforeTheClusterIsKnownTheDefaultIsLeftToTheBroker() {
        TopicReplication r = TopicReplication.unknownCluster(DEFAULT);
        assertEquals(-1, r.factor());
        assertEquals(Map.of(), r.topicConfigs());
        assertEquals(-1, FaceGateConfig.defaults().streamsProperties().get("replication.factor"));
    }
}
