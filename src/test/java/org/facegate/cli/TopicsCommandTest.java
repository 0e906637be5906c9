package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code topics}: prints the plan without a broker; {@code --check} fails until {@code --create} has run. */
@ExtendWith(KafkaBroker.class)
class TopicsCommandTest {

    @Test
    void printsEveryTopicWithItsSettingsWithoutContactingKafka() {
        CommandRun r = CommandRun.of("topics", "--bootstrap-servers", "nowhere.invalid:9092", "--set", "facegate.topics.partitions=12",
                "--set", "facegate.topics.replication-factor=3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("passport-checks partitions=12 replication-factor=3 max.message.bytes=2861744"), r.out());
        assertTrue(r.out().contains("enrolments partitions=12 replication-factor=3 cleanup.policy=compact "
                + "delete.retention.ms=86400000 max.compaction.lag.ms=86400000 max.message.bytes=7056056"), r.out());
        assertTrue(r.out().contains("dead-letters partitions=12 replication-factor=3 max.message.bytes=7056056 min.insync.replicas=2 retention.ms=604800000"), r.out());
        assertEquals(5, r.out().lines().count(), r.out());
    }

    @Test
    void checkFailsOnMissingTopicsAndPassesAfterCreate(EmbeddedKafkaBroker broker) {
        String prefix = "topics-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        String[] connection = {"--bootstrap-servers", broker.bootstrapServers(), "--set", "facegate.topic.prefix=" + prefix,
                "--set", "facegate.topics.partitions=2"};

        CommandRun missing = CommandRun.of(concat(new String[] {"topics", "--check"}, connection));
        assertEquals(2, missing.exit(), missing.out());
        assertTrue(missing.err().contains("missing topics"), missing.err());

        CommandRun created = CommandRun.of(concat(new String[] {"topics", "--create"}, connection));
        assertEquals(0, created.exit(), created.err());

        CommandRun ready = CommandRun.of(concat(new String[] {"topics", "--check"}, connection));
        assertEquals(0, ready.exit(), ready.err());
        assertTrue(ready.out().contains("ready on " + broker.bootstrapServers()), ready.out());
    }

    @Test
    void createAndCheckTogetherIsAUsageError() {
        assertEquals(1, CommandRun.of("topics", "--create", "--check").exit());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
