package org.facegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.facegate.embedded.ClusterNode;

/**
 * A local three-node Kafka cluster, each node {@code facegate broker --node-id N --cluster-size 3} in a child JVM
 * on the test class path, so that a test can kill one with SIGKILL ({@link #kill}) or stop it with SIGTERM
 * ({@link #terminate}) and start it again on the same ports and data ({@link #restart}, {@link #restartStopped}).
 * Each node's output goes to {@code node-N.log} in the cluster's folder.
 */
public final class ChildKafkaCluster implements AutoCloseable {

    public static final int SIZE = 3;
    private static final String LISTENING = "facegate broker: listening on ";
    private static final Duration START = Duration.ofSeconds(90);

    private final Path dir;
    private final int firstPort;
    private final Process[] nodes = new Process[SIZE + 1];
    /** How many "listening" lines each node's log held before its latest start. */
    private final long[] startsBefore = new long[SIZE + 1];

    private ChildKafkaCluster(Path dir, int firstPort) {
        this.dir = dir;
        this.firstPort = firstPort;
    }

    /** Starts three nodes on free ports with their data under {@code dir}; returns once all three are brokers. */
    public static ChildKafkaCluster start(Path dir) {
        ChildKafkaCluster cluster = new ChildKafkaCluster(dir, freePortBlock());
        for (int n = 1; n <= SIZE; n++) {
            cluster.launch(n);
        }
        try {
            for (int n = 1; n <= SIZE; n++) {
                cluster.awaitListening(n);
            }
            cluster.awaitBrokers(SIZE);
        } catch (RuntimeException | InterruptedException e) {
            cluster.close();
            throw new IllegalStateException("the three-node cluster did not start: " + e.getMessage(), e);
        }
        return cluster;
    }

    public String bootstrapServers() {
        return node(1).bootstrapServers();
    }

    /** Bootstrap servers for clients. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    private ClusterNode node(int id) {
        return new ClusterNode(id, SIZE, firstPort);
    }

    /** SIGKILL of node {@code id}: nothing is flushed, no controlled shutdown. */
    public void kill(int id) throws InterruptedException {
        nodes[id].destroyForcibly();
        nodes[id].waitFor(30, TimeUnit.SECONDS);
    }

    /** How a node ended after SIGTERM: its exit status, the time from the signal to its exit, and what it printed. */
    public record Termination(int exitStatus, Duration took, String output) {
    }

    /**
     * SIGTERM to node {@code id} (what Ctrl-C does): waits up to {@code limit} for its JVM to exit. A node still running
     * then gets SIGKILL, and this throws.
     */
    public Termination terminate(int id, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        nodes[id].destroy();
        if (!nodes[id].waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            nodes[id].destroyForcibly();
            nodes[id].waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("node " + id + " still running " + limit.toSeconds() + " s after SIGTERM, killed; see " + log(id));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Termination(nodes[id].exitValue(), took, latestOutput(id));
    }

    /**
     * Starts every node that is not running, together (a node's start waits for a majority of the controllers), on the
     * same ports and data; returns once all three are brokers again.
     */
    public void restartStopped() throws InterruptedException {
        List<Integer> stopped = new ArrayList<>();
        for (int n = 1; n <= SIZE; n++) {
            if (!nodes[n].isAlive()) {
                launch(n);
                stopped.add(n);
            }
        }
        for (int n : stopped) {
            awaitListening(n);
        }
        awaitBrokers(SIZE);
    }

    /** Starts killed node {@code id} again, same ports and data; returns once it listens. */
    public void restart(int id) throws InterruptedException {
        if (nodes[id].isAlive()) {
            throw new IllegalStateException("node " + id + " is running");
        }
        launch(id);
        awaitListening(id);
    }

    public boolean isAlive(int id) {
        return nodes[id].isAlive();
    }

    /**
     * Waits until every partition of every topic, internal ones included, has all its replicas in sync (nothing
     * under-replicated): a restarted node has caught up and the cluster can lose another.
     */
    public void awaitFullyReplicated(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        try (Admin admin = Admin.create(clientProperties())) {
            while (System.nanoTime() < deadline) {
                try {
                    Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS);
                    Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
                    List<String> under = new ArrayList<>();
                    d.forEach((name, t) -> {
                        for (TopicPartitionInfo p : t.partitions()) {
                            if (p.isr().size() < p.replicas().size() || p.leader() == null) {
                                under.add(name + "-" + p.partition());
                            }
                        }
                    });
                    if (under.isEmpty()) {
                        return;
                    }
                    last = under.toString();
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e.toString();
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("under-replicated after " + timeout.toSeconds() + " s: " + last);
    }

    private void awaitBrokers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        try (Admin admin = Admin.create(clientProperties())) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == count) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException retry) {
                    // not yet
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("fewer than " + count + " brokers after " + START.toSeconds() + " s");
    }

    private void launch(int id) {
        ClusterNode node = node(id);
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.facegate.cli.Main", "broker",
                "--node-id", Integer.toString(id), "--cluster-size", Integer.toString(SIZE),
                "--port", Integer.toString(node.port()), "--data", dir.resolve("node-" + id).toAbsolutePath().toString());
        try {
            Files.createDirectories(dir);
            startsBefore[id] = count(id);
            nodes[id] = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(id).toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a broker JVM", e);
        }
    }

    private Path log(int id) {
        return dir.resolve("node-" + id + ".log");
    }

    /** Waits until the latest start of node {@code id} says it listens (a restart's log holds the earlier lines too). */
    private void awaitListening(int id) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (count(id) > startsBefore[id]) {
                return;
            }
            if (!nodes[id].isAlive()) {
                throw new IllegalStateException("node " + id + " exited with " + nodes[id].exitValue() + ", see " + log(id));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node " + id + " not listening within " + START.toSeconds() + " s, see " + log(id));
    }

    /** What node {@code id} printed since its latest start. */
    private String latestOutput(int id) {
        try {
            List<String> lines = Files.readAllLines(log(id), StandardCharsets.UTF_8);
            int from = 0;
            for (int i = 0, seen = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(LISTENING) && seen++ == startsBefore[id]) {
                    from = i;
                }
            }
            return String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long count(int id) {
        try {
            if (!Files.exists(log(id))) {
                return 0;
            }
            String text = Files.readString(log(id), StandardCharsets.UTF_8);
            return text.lines().filter(l -> l.startsWith(LISTENING)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A first client port p with p..p+2 and their controller ports p+100..p+102 free. */
    private static int freePortBlock() {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = 20_000 + random.nextInt(30_000);
            boolean free = true;
            for (int n = 1; n <= SIZE && free; n++) {
                ClusterNode node = new ClusterNode(n, SIZE, first);
                free = isFree(node.port()) && isFree(node.controllerPort());
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no block of free ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGKILL to every node: the data is thrown away, and SIGTERM would make the last node wait for a quorum up to its
     * controlled-shutdown bound.
     */
    @Override
    public void close() {
        for (int n = 1; n <= SIZE; n++) {
            if (nodes[n] != null) {
                nodes[n].destroyForcibly();
            }
        }
        for (int n = 1; n <= SIZE; n++) {
            try {
                if (nodes[n] != null) {
                    nodes[n].waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int n = 1; n <= SIZE; n++) {
            KafkaTestSupport.deleteRecursively(dir.resolve("node-" + n)); // the logs stay
        }
    }
}
