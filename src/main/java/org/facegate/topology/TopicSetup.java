package org.facegate.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure FaceGate's topics exist before the topology starts: creates missing ones when allowed (with the
 * configs their contents need) and refuses to go on when {@code passport-checks} and {@code enrolments} have
 * different partition counts, because then a check would not meet its identity's templates.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final String WEEK_MS = Long.toString(Duration.ofDays(7).toMillis());
    private static final String DAY_MS = Long.toString(Duration.ofDays(1).toMillis());

    private TopicSetup() {
    }

    /** Thrown when the topics are missing or not co-partitioned; the message says what to do. */
    public static final class TopicsNotReadyException extends RuntimeException {
        public TopicsNotReadyException(String message) {
            super(message);
        }
    }

    /** The topics FaceGate would create, with their configs. */
    public static List<NewTopic> newTopics(TopologySettings settings, int partitions, short replicationFactor) {
        Topics t = settings.topics();
        Optional<Short> rf = replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
        Optional<Integer> p = Optional.of(partitions);
        String checkBytes = Integer.toString(settings.maxCheckRecordBytes());
        String enrolmentBytes = Integer.toString(settings.maxEnrolmentRecordBytes());
        return List.of(
                new NewTopic(t.checks(), p, rf).configs(Map.of("max.message.bytes", checkBytes)),
                // Compacted: the latest enrolment per identity stays; a tombstone erases it (and its photos)
                // within max.compaction.lag.ms.
                new NewTopic(t.enrolments(), p, rf).configs(Map.of(
                        "cleanup.policy", "compact",
                        "max.message.bytes", enrolmentBytes,
                        "max.compaction.lag.ms", DAY_MS,
                        "delete.retention.ms", DAY_MS)),
                new NewTopic(t.verdicts(), p, rf),
                new NewTopic(t.enrolmentResults(), p, rf),
                // Dead letters hold original records, photos included: short retention.
                new NewTopic(t.deadLetters(), p, rf).configs(Map.of(
                        "max.message.bytes", enrolmentBytes,
                        "retention.ms", WEEK_MS)));
    }

    /** Describes topics, waiting for just-created ones to reach the broker's metadata. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Creates missing topics (if {@code create}) and checks co-partitioning.
     *
     * @throws TopicsNotReadyException when topics are missing and may not be created, or partition counts differ
     */
    public static void ensure(Admin admin, TopologySettings settings, boolean create, int partitions,
                              short replicationFactor, Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : newTopics(settings, partitions, replicationFactor)) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                List<String> names = missing.stream().map(NewTopic::name).toList();
                if (!create) {
                    throw new TopicsNotReadyException("missing topics " + names
                            + "; create them (see schemas/README.md for their settings) or set facegate.topics.create=true");
                }
                try {
                    admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("created topics {}", names);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another instance was faster
                        throw e;
                    }
                }
            }
            Topics t = settings.topics();
            Map<String, TopicDescription> described = describe(admin, List.of(t.checks(), t.enrolments()), timeout);
            int checks = described.get(t.checks()).partitions().size();
            int enrolments = described.get(t.enrolments()).partitions().size();
            if (checks != enrolments) {
                throw new TopicsNotReadyException(String.format(
                        "topics '%s' (%d partitions) and '%s' (%d partitions) must have the same partition count: "
                                + "both are keyed by documentId so that a check meets its identity's templates in the "
                                + "same partition. Give them the same count (adding partitions moves keys: re-publish "
                                + "the enrolments afterwards) and start again.",
                        t.checks(), checks, t.enrolments(), enrolments));
            }
        } catch (ExecutionException e) {
            throw new TopicsNotReadyException("cannot set up topics: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new TopicsNotReadyException("no answer from Kafka within " + timeout.toSeconds()
                    + " s while setting up topics; is facegate.bootstrap.servers right?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicsNotReadyException("interrupted while setting up topics");
        }
    }
}
