package org.facegate.embedded;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * Node {@code nodeId} (1..{@code size}) of a local KRaft cluster whose nodes are each broker and controller, for
 * {@code broker --node-id N --cluster-size 3 --port P}. Node i's clients connect to {@code firstPort + i - 1} and its
 * controller listens on {@code firstPort + 100 + i - 1}: node 1 on 9092 gives clients 9092, 9093, 9094 and controllers
 * 9192, 9193, 9194, all of which must be free. Every node derives the same voter list and cluster id from
 * {@code firstPort}, so the nodes agree without passing anything else around.
 *
 * @param size      three or more (a majority of the controllers must be up; replication factor 3 needs three brokers)
 * @param firstPort the client port of node 1
 */
public record ClusterNode(int nodeId, int size, int firstPort) {

    /** Controller port = client port + this. */
    public static final int CONTROLLER_PORT_OFFSET = 100;

    /** Most significant bits of the derived cluster id: "FaceGate" in ASCII. */
    private static final long CLUSTER_ID_HIGH = 0x4661636547617465L;

    public ClusterNode {
        if (size < 3) {
            throw new IllegalArgumentException("a cluster has at least 3 nodes (replication factor 3), not " + size);
        }
        if (nodeId < 1 || nodeId > size) {
            throw new IllegalArgumentException("node id must be 1.." + size + ", not " + nodeId);
        }
        if (firstPort < 1 || firstPort + size - 1 + CONTROLLER_PORT_OFFSET > 65535) {
            throw new IllegalArgumentException("ports " + firstPort + ".." + (firstPort + size - 1 + CONTROLLER_PORT_OFFSET)
                    + " are not all valid");
        }
    }

    /** Node {@code nodeId} of a cluster of {@code size} whose node {@code nodeId} has client port {@code port}. */
    public static ClusterNode withPort(int nodeId, int size, int port) {
        return new ClusterNode(nodeId, size, port - (nodeId - 1));
    }

    /** This node's client port. */
    public int port() {
        return clientPort(nodeId);
    }

    public int controllerPort() {
        return controllerPort(nodeId);
    }

    public int clientPort(int node) {
        return firstPort + node - 1;
    }

    public int controllerPort(int node) {
        return clientPort(node) + CONTROLLER_PORT_OFFSET;
    }

    /** {@code controller.quorum.voters}: every node, {@code 1@localhost:9192,2@localhost:9193,...}. */
    public String voters() {
        return IntStream.rangeClosed(1, size).mapToObj(n -> n + "@localhost:" + controllerPort(n))
                .collect(Collectors.joining(","));
    }

    /** {@code bootstrap.servers} for clients: every node's client port. */
    public String bootstrapServers() {
        return IntStream.rangeClosed(1, size).mapToObj(n -> "localhost:" + clientPort(n)).collect(Collectors.joining(","));
    }

    /** The same on every node of this cluster, different for another first port. */
    public String clusterId() {
        return new Uuid(CLUSTER_ID_HIGH, ((long) size << 32) | firstPort).toString();
    }

    /**
     * What production wants from three brokers and more: three copies of every topic, FaceGate's, the transaction
     * state log and the consumer offsets, and a write acknowledged only when two have it, so one broker can fail
     * without losing an acknowledged record or stopping writes.
     */
    public static Map<String, String> brokerDefaults() {
        return Map.of(
                "default.replication.factor", "3",
                "min.insync.replicas", "2",
                "offsets.topic.replication.factor", "3",
                "transaction.state.log.replication.factor", "3",
                "transaction.state.log.min.isr", "2",
                "share.coordinator.state.topic.replication.factor", "3",
                "share.coordinator.state.topic.min.isr", "2");
    }
}
