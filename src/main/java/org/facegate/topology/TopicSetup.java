package org.facegate.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure FaceGate's topics exist before the topology starts: creates missing ones when allowed (with the
 * configs their contents need and the {@link TopicReplication} the cluster allows) and refuses to go on when
 * {@code passport-checks} and {@code enrolments} have different partition counts, because then a check would not meet
 * its identity's templates. Logs the replication it chose and one warning line per thing the cluster cannot give.
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
    public static List<NewTopic> newTopics(TopologySettings settings, int partitions, TopicReplication replication) {
        Topics t = settings.topics();
        Optional<Short> rf = replication.factor() < 0 ? Optional.empty() : Optional.of(replication.factor());
        Optional<Integer> p = Optional.of(partitions);
        String checkBytes = Integer.toString(settings.maxCheckRecordBytes());
        String enrolmentBytes = Integer.toString(settings.maxEnrolmentRecordBytes());
        return List.of(
                new NewTopic(t.checks(), p, rf).configs(with(replication, Map.of("max.message.bytes", checkBytes))),
                // Compacted: the latest enrolment per identity stays; a tombstone erases it (and its photos)
                // within max.compaction.lag.ms.
                new NewTopic(t.enrolments(), p, rf).configs(with(replication, Map.of(
                        "cleanup.policy", "compact",
                        "max.message.bytes", enrolmentBytes,
                        "max.compaction.lag.ms", DAY_MS,
                        "delete.retention.ms", DAY_MS))),
                new NewTopic(t.verdicts(), p, rf).configs(with(replication, Map.of())),
                new NewTopic(t.enrolmentResults(), p, rf).configs(with(replication, Map.of())),
                // Dead letters hold original records, photos included: short retention.
                new NewTopic(t.deadLetters(), p, rf).configs(with(replication, Map.of(
                        "max.message.bytes", enrolmentBytes,
                        "retention.ms", WEEK_MS))));
    }

    private static Map<String, String> with(TopicReplication replication, Map<String, String> configs) {
        Map<String, String> all = new TreeMap<>(configs);
        all.putAll(replication.topicConfigs());
        return all;
    }

    /**
     * The replication factor and {@code min.insync.replicas} of {@code names} (existing topics). The second needs the
     * DescribeConfigs ACL; without it each reads as its replication factor would allow (not checked), with one log line.
     */
    private static List<TopicReplication.ExistingTopic> existingTopics(Admin admin, List<String> names, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> described = describe(admin, names, timeout);
        Map<String, Integer> minIsr = new HashMap<>();
        try {
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((r, config) -> {
                ConfigEntry entry = config.get(TopicReplication.MIN_INSYNC_REPLICAS);
                if (entry != null && entry.value() != null) {
                    minIsr.put(r.name(), Integer.parseInt(entry.value()));
                }
            });
        } catch (ExecutionException e) {
            LOG.info("min.insync.replicas of the existing topics not checked: {}", e.getCause().getMessage());
        }
        List<TopicReplication.ExistingTopic> out = new ArrayList<>();
        described.forEach((name, d) -> {
            int rf = d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            out.add(new TopicReplication.ExistingTopic(name, rf, minIsr.getOrDefault(name, Integer.MAX_VALUE)));
        });
        return out;
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
     * Chooses the replication for this cluster, creates missing topics (if {@code create}) and checks co-partitioning
     * and the replication of the topics that exist.
     *
     * @param replicationFactor {@code facegate.topics.replication-factor}: -1 lets the cluster decide
     *                          ({@link TopicReplication#choose})
     * @return the replication chosen, for Kafka Streams' internal topics too
     * @throws TopicsNotReadyException when topics are missing and may not be created, or partition counts differ
     */
    public static TopicReplication ensure(Admin admin, TopologySettings settings, boolean create, int partitions,
                                          short replicationFactor, Duration timeout) {
        try {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            TopicReplication replication = TopicReplication.choose(replicationFactor, brokers);
            LOG.info(replication.describe(replicationFactor, brokers));
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<String> before = new ArrayList<>();
            for (NewTopic topic : newTopics(settings, partitions, replication)) {
                if (existing.contains(topic.name())) {
                    before.add(topic.name());
                }
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            List<String> shortfalls = replication.shortfalls(replicationFactor, brokers, existingTopics(admin, before, timeout));
            shortfalls.forEach(LOG::warn);
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
            return replication;
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
