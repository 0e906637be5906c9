package org.facegate.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * An Apache Kafka broker running in this JVM: one node in KRaft mode that is both broker and controller, with
 * replication factor 1 everywhere. For the {@code demo} and {@code broker} commands and the integration tests;
 * not for production (one node, no security). {@link #startNode} runs one node of a local multi-node cluster instead
 * ({@link ClusterNode}: replication factor 3, {@code min.insync.replicas} 2), one node per process, for
 * {@code broker --node-id N --cluster-size 3} and the broker-failure tests.
 *
 * <p>The data directory is formatted on first start and reused afterwards (same cluster id), so a dev broker
 * keeps its topics across restarts; {@link #startAgain()} restarts a closed broker on the same ports and data, as
 * the fault tests need. Besides PLAINTEXT (used between broker and controller) it can open
 * {@link ExtraListener}s, e.g. one that requires SASL over TLS, configured through {@code listener.name.*} settings.
 *
 * <p>Stopping is bounded: {@link #controlledShutdown(Duration)} asks the controller to move this node's partition
 * leaders away and waits at most the given time for its approval; {@link #close()} then stops the broker and its
 * controller, flushing and closing the logs, with or without that approval. Kafka's own {@code shutdown()} waits up
 * to five minutes (a fixed bound) for an approval that never comes when the other nodes of a cluster are gone.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int SINGLE_NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** How long {@link #close()} waits for the controller's approval when {@link #controlledShutdown} was not called. */
    public static final Duration DEFAULT_CONTROLLED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

    /** One more listener, e.g. {@code new ExtraListener("SECURE", "SASL_SSL", 0)}; port 0: a free port. */
    public record ExtraListener(String name, String securityProtocol, int port) {
    }

    /** Who this node is in its quorum: its id, the voters, and the cluster id to format a new data directory with. */
    private record Quorum(int nodeId, String voters, String newClusterId) {
        static Quorum single(int controllerPort) {
            return new Quorum(SINGLE_NODE_ID, SINGLE_NODE_ID + "@localhost:" + controllerPort, Uuid.randomUuid().toString());
        }
    }

    private final KafkaRaftServer server;
    private final BrokerServer broker;
    private final Quorum quorum;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Map<String, String> extraConfig;
    private final List<ExtraListener> listeners;
    private volatile boolean controlledShutdownAsked;

    private EmbeddedKafkaBroker(KafkaRaftServer server, BrokerServer broker, Quorum quorum, int port, int controllerPort,
                                Path dataDir, Map<String, String> extraConfig, List<ExtraListener> listeners) {
        this.server = server;
        this.broker = broker;
        this.quorum = quorum;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.extraConfig = Map.copyOf(extraConfig);
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker on {@code localhost:port} (0: a free port). The
     * controller listens on another free port. Returns once the broker has started (topics can be created).
     *
     * @param extraConfig broker settings that override the defaults here, e.g. {@code message.max.bytes}
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> extraConfig) {
        return start(port, dataDir, extraConfig, List.of());
    }

    /**
     * As {@link #start(int, Path, Map)}, with more listeners; their settings ({@code listener.name.<name>.*},
     * {@code sasl.enabled.mechanisms}, ...) come in {@code extraConfig}.
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> extraConfig,
                                            List<ExtraListener> extraListeners) {
        List<ExtraListener> bound = extraListeners.stream()
                .map(l -> l.port() == 0 ? new ExtraListener(l.name(), l.securityProtocol(), freePort()) : l).toList();
        int controllerPort = freePort();
        return start(Quorum.single(controllerPort), port == 0 ? freePort() : port, controllerPort, dataDir, extraConfig, bound);
    }

    /**
     * Formats {@code dataDir} if needed and starts {@code node} of a local cluster with {@link ClusterNode#brokerDefaults()}
     * and then {@code extraConfig}. Returns once this node has started, which takes a majority of the cluster's
     * controllers: start the other nodes at the same time (in their own processes).
     */
    public static EmbeddedKafkaBroker startNode(ClusterNode node, Path dataDir, Map<String, String> extraConfig) {
        Map<String, String> config = new HashMap<>(ClusterNode.brokerDefaults());
        config.putAll(extraConfig);
        return start(new Quorum(node.nodeId(), node.voters(), node.clusterId()), node.port(), node.controllerPort(), dataDir,
                config, List.of());
    }

    /** Starts this (closed) broker again: same ports, data, settings and listeners. */
    public EmbeddedKafkaBroker startAgain() {
        return start(quorum, port, controllerPort, dataDir, extraConfig, listeners);
    }

    private static EmbeddedKafkaBroker start(Quorum quorum, int brokerPort, int controllerPort, Path dataDir,
                                             Map<String, String> extraConfig, List<ExtraListener> extraListeners) {
        Path logDir = dataDir.toAbsolutePath().resolve("kraft-logs");
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(quorum.nodeId()));
        props.put("controller.quorum.voters", quorum.voters());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        StringBuilder listeners = new StringBuilder("PLAINTEXT://localhost:" + brokerPort);
        StringBuilder advertised = new StringBuilder("PLAINTEXT://localhost:" + brokerPort);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        for (ExtraListener l : extraListeners) {
            listeners.append(',').append(l.name()).append("://localhost:").append(l.port());
            advertised.append(',').append(l.name()).append("://localhost:").append(l.port());
            protocols.append(',').append(l.name()).append(':').append(l.securityProtocol());
        }
        props.put("listeners", listeners + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", advertised.toString());
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "3");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("auto.create.topics.enable", "false");
        // Room for enrolments with several photos (see schemas/README.md); topics also set their own limit.
        props.put("message.max.bytes", Integer.toString(8 * 1024 * 1024 + 1024));
        props.put("replica.fetch.max.bytes", Integer.toString(8 * 1024 * 1024 + 1024));
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        // Abort a crashed client's timed-out transaction within a second of its timeout, not up to 10 s later
        // (Kafka's default scan interval): read_committed readers wait for that abort.
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        props.putAll(extraConfig);
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                Formatter formatter = new Formatter()
                        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .setNodeId(quorum.nodeId())
                        .setClusterId(quorum.newClusterId())
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName(CONTROLLER_LISTENER);
                formatter.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker data directory " + dataDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker data directory " + dataDir + ": " + e.getMessage(), e);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        BrokerServer broker = brokerOf(server);
        server.startup();
        return new EmbeddedKafkaBroker(server, broker, quorum, brokerPort, controllerPort, dataDir, extraConfig, extraListeners);
    }

    /** {@code localhost:PORT} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** {@code localhost:PORT} of the extra listener named {@code name}. */
    public String bootstrapServers(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst()
                .map(l -> "localhost:" + l.port())
                .orElseThrow(() -> new IllegalArgumentException("no listener " + name));
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Blocks until the broker stops (after {@link #close()} from another thread, e.g. a shutdown hook). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /**
     * Asks the controller for a controlled shutdown (it moves the partitions this node leads to other replicas and lets
     * the node go) and waits up to {@code timeout} for its approval. Returns true once approved, false when no
     * controller approved in time (the other nodes are gone, or no controller is elected): {@link #close()} then stops
     * without it. The broker keeps its logs open until {@link #close()}; call that next in either case.
     * {@code timeout} zero skips the wait. Interrupted: returns false with the thread's interrupt flag set.
     */
    public boolean controlledShutdown(Duration timeout) {
        controlledShutdownAsked = true;
        if (!broker.config().controlledShutdownEnable() || broker.lifecycleManager() == null) {
            return false;
        }
        // What BrokerServer.shutdown(Duration) does first; it repeats both harmlessly in close().
        broker.replicaManager().beginControlledShutdown();
        broker.lifecycleManager().beginControlledShutdown();
        try {
            broker.lifecycleManager().controlledShutdownFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops the broker, then its controller: no more requests, logs flushed and closed (the next start needs no
     * recovery). Without an earlier {@link #controlledShutdown(Duration)} it first tries one for
     * {@link #DEFAULT_CONTROLLED_SHUTDOWN_TIMEOUT}. The rest does not wait for other nodes, except Kafka's own
     * bounded waits (the metadata log's graceful shutdown gives up after 5 s).
     */
    @Override
    public void close() {
        if (!controlledShutdownAsked) {
            controlledShutdown(DEFAULT_CONTROLLED_SHUTDOWN_TIMEOUT);
        }
        broker.shutdown(Duration.ZERO);
        server.shutdown(); // the controller; the broker is already down
        server.awaitShutdown();
    }

    /**
     * The broker half of {@code server}, which KafkaRaftServer keeps private: its {@code shutdown()} waits a fixed five
     * minutes for the controller, while the broker's {@code shutdown(Duration)} takes the bound we want. A Kafka upgrade
     * that renames the field fails every broker start here, in the tests, rather than bringing the hang back.
     */
    private static BrokerServer brokerOf(KafkaRaftServer server) {
        try {
            Field field = KafkaRaftServer.class.getDeclaredField("broker");
            field.setAccessible(true);
            scala.Option<?> broker = (scala.Option<?>) field.get(server);
            return (BrokerServer) broker.get();
        } catch (ReflectiveOperationException | ClassCastException | java.util.NoSuchElementException e) {
            throw new IllegalStateException("this Kafka version's KafkaRaftServer has no broker field; see EmbeddedKafkaBroker.brokerOf", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
