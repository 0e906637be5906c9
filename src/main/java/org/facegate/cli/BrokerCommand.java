package org.facegate.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>Ctrl-C (SIGTERM) stops it within {@code --controlled-shutdown-timeout-s} (default 15) plus
 * {@link BrokerShutdownHook#CLOSE_GRACE}, also when the other nodes of its cluster are gone: see
 * {@link BrokerShutdownHook} for what it says and its exit status.
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
        return "[--port 9092] [--data DIR] [--node-id N --cluster-size 3] [--controlled-shutdown-timeout-s 15]: a dev Kafka broker (KRaft), or node N of a local cluster, until Ctrl-C";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(Set.of(), "port", "data", "node-id", "cluster-size", "controlled-shutdown-timeout-s");
    }

    @Override
    public int run(Arguments args) throws Exception {
        int port = args.intOption("port", 9092);
        int nodeId = args.intOption("node-id", 0);
        int clusterSize = args.intOption("cluster-size", 0);
        Optional<String> dataOption = args.option("data");
        int controlledShutdownS = args.intOption("controlled-shutdown-timeout-s",
                (int) EmbeddedKafkaBroker.DEFAULT_CONTROLLED_SHUTDOWN_TIMEOUT.toSeconds());
        args.rejectUnknown();
        if (controlledShutdownS < 0) {
            throw new UsageException("--controlled-shutdown-timeout-s must be 0 (skip it) or more, not " + controlledShutdownS);
        }
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
        BrokerShutdownHook hook = new BrokerShutdownHook(Duration.ofSeconds(controlledShutdownS),
                node == null ? "the broker" : "node " + node.nodeId() + " of " + node.size(), node != null);
        hook.register();
        EmbeddedKafkaBroker broker = node == null
                ? EmbeddedKafkaBroker.start(port, data, Map.of())
                : EmbeddedKafkaBroker.startNode(node, data, Map.of());
        hook.started(broker);
        String role = node == null ? "" : "node " + node.nodeId() + " of " + node.size() + " (controller on localhost:"
                + node.controllerPort() + ", cluster " + node.bootstrapServers() + "), ";
        System.out.println(LISTENING + broker.bootstrapServers() + ", " + role + "data in " + data.toAbsolutePath()
                + "; Ctrl-C to stop");
        broker.awaitShutdown(); // the hook ends the JVM with its own status
        return BrokerShutdownHook.STOPPED;
    }
}
