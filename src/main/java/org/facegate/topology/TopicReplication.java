package org.facegate.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How FaceGate's topics and Kafka Streams' internal topics (changelogs) are replicated: the replication factor and,
 * where there are enough copies for it, {@code min.insync.replicas}.
 *
 * <p>With {@code facegate.topics.replication-factor} at its default (-1) the factor follows the cluster: min(3,
 * brokers), so a three-broker cluster gets three copies and a dev broker one. With three copies or more a write needs
 * two of them ({@code min.insync.replicas} 2): one broker can fail without losing an acknowledged verdict or stopping
 * writes, and a second failure stops writes rather than keeping a single copy. Two brokers get two copies and the
 * broker's {@code min.insync.replicas}, since requiring both would stop writes whenever one is down.
 *
 * @param factor             the replication factor; -1: the broker's {@code default.replication.factor} (only before
 *                           the cluster is known, e.g. {@code topics} printing without contacting Kafka)
 * @param minInsyncReplicas  set on the topics FaceGate and Kafka Streams create; empty: the broker's default
 */
public record TopicReplication(short factor, OptionalInt minInsyncReplicas) {

    /** The factor production wants (and the most FaceGate chooses by itself). */
    public static final short PREFERRED_FACTOR = 3;
    /** Copies a write needs where there are {@link #PREFERRED_FACTOR} or more. */
    public static final int PREFERRED_MIN_INSYNC = 2;
    /** The topic setting. */
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    /**
     * The replication for a cluster of {@code brokers}: {@code configured} when it is set (1 or more), else min(3,
     * brokers); {@code min.insync.replicas} 2 when that gives three copies or more.
     */
    public static TopicReplication choose(short configured, int brokers) {
        short factor = configured > 0 ? configured : (short) Math.max(1, Math.min(PREFERRED_FACTOR, brokers));
        return of(factor);
    }

    /** What FaceGate asks for before it knows the cluster: {@code configured}, or the broker default for -1. */
    public static TopicReplication unknownCluster(short configured) {
        return configured > 0 ? of(configured) : new TopicReplication((short) -1, OptionalInt.empty());
    }

    private static TopicReplication of(short factor) {
        return new TopicReplication(factor,
                factor >= PREFERRED_FACTOR ? OptionalInt.of(PREFERRED_MIN_INSYNC) : OptionalInt.empty());
    }

    /** Topic configs to add to the ones a topic's contents need: {@code min.insync.replicas} when set. */
    public Map<String, String> topicConfigs() {
        return minInsyncReplicas.isPresent() ? Map.of(MIN_INSYNC_REPLICAS, Integer.toString(minInsyncReplicas.getAsInt()))
                : Map.of();
    }

    /**
     * An existing topic's replication factor (the smallest of its partitions') and {@code min.insync.replicas}
     * ({@link Integer#MAX_VALUE} when it could not be read).
     */
    public record ExistingTopic(String name, int factor, int minInsyncReplicas) {
    }

    /** What the cluster cannot give: one line per problem, empty when there is none. */
    public List<String> shortfalls(short configured, int brokers, List<ExistingTopic> existing) {
        List<String> problems = new ArrayList<>();
        if (factor > brokers) {
            problems.add(String.format("facegate.topics.replication-factor=%d but the cluster has %d broker(s): "
                    + "topics with %d replicas cannot be created", configured, brokers, factor));
        }
        List<String> fewer = existing.stream().filter(t -> t.factor() < factor)
                .map(t -> t.name() + " (" + t.factor() + ")").sorted().toList();
        List<String> weaker = existing.stream()
                .filter(t -> minInsyncReplicas.isPresent() && t.minInsyncReplicas() < minInsyncReplicas.getAsInt())
                .map(t -> t.name() + " (" + t.minInsyncReplicas() + ")").sorted().toList();
        if (!fewer.isEmpty()) {
            problems.add("existing topics have fewer replicas than the " + factor + " wanted here: " + fewer
                    + "; a broker failure can lose or stop them: add replicas with kafka-reassign-partitions.sh");
        }
        if (!weaker.isEmpty()) {
            problems.add("existing topics accept writes with fewer than " + minInsyncReplicas.getAsInt()
                    + " in-sync replicas: " + weaker + "; a broker failure right after a write can lose an acknowledged "
                    + "record: set " + MIN_INSYNC_REPLICAS + "=" + minInsyncReplicas.getAsInt() + " on them");
        }
        return problems;
    }

    /** One line for the start-up log. */
    public String describe(short configured, int brokers) {
        return String.format("topic replication: factor %d, %s=%s (%d broker(s); facegate.topics.replication-factor=%d%s)",
                factor, MIN_INSYNC_REPLICAS,
                minInsyncReplicas.isPresent() ? Integer.toString(minInsyncReplicas.getAsInt()) : "broker default", brokers,
                configured, factor < PREFERRED_FACTOR ? "; fewer than 3 copies: a broker failure stops or loses verdicts" : "");
    }
}
