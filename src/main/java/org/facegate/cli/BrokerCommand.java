package org.facegate.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.facegate.config.UsageException;
import org.facegate.embedded.ClusterNode;
import org.facegate.embedded.EmbeddedKafkaBroker;

/**
 * {@code broker [--port 9092] [--data DIR]}: a single-node Kafka broker (KRaft) for development, in this process,
 * until Ctrl-C. The data folder keeps topics across restarts.
 *
 * <p>{@code broker --node-id N --cluster-size 3 --port P [--data DIR]}: node N of a local three-node cluster (each node
 * broker and controller, see {@link ClusterNode} for the ports it derives), with replication factor 3 and
 * {@code min.insync.replicas} 2; run it once per node, node i on port P + i - 1.
 */
final class BrokerCommand implements Command {

    /** Printed once the broker has started (tests wait for it). */
    static final String LISTENING = "facegate broker: listening on ";

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public String summary() {
        return "[--port 9092] [--data DIR] [--node-id N --cluster-size 3]: a dev Kafka broker (KRaft), or node N of a local cluster, until Ctrl-C";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(Set.of(), "port", "data", "node-id", "cluster-size");
    }

    @Override
    public int run(Arguments args) throws Exception {
        int port = args.intOption("port", 9092);
        int nodeId = args.intOption("node-id", 0);
        int clusterSize = args.intOption("cluster-size", 0);
        Optional<String> dataOption = args.option("data");
        args.rejectUnknown();
        if ((nodeId == 0) != (clusterSize == 0)) {
            throw new UsageException("give --node-id and --cluster-size together (or neither, for a single-node broker)");
        }
        ClusterNode node = null;
        if (clusterSize > 0) {
            try {
                node = ClusterNode.withPort(nodeId, clusterSize, port);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        Path data = Path.of(dataOption.orElse(node == null ? "facegate-broker-data" : "facegate-broker-data-" + nodeId));
        EmbeddedKafkaBroker broker = node == null
                ? EmbeddedKafkaBroker.start(port, data, Map.of())
                : EmbeddedKafkaBroker.startNode(node, data, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "facegate-broker-shutdown"));
        String role = node == null ? "" : "node " + node.nodeId() + " of " + node.size() + " (controller on localhost:"
                + node.controllerPort() + ", cluster " + node.bootstrapServers() + "), ";
        System.out.println(LISTENING + broker.bootstrapServers() + ", " + role + "data in " + data.toAbsolutePath()
                + "; Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
