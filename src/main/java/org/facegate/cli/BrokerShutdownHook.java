package org.facegate.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.facegate.embedded.EmbeddedKafkaBroker;

/**
 * What the {@code broker} command does on SIGTERM (Ctrl-C), as a shutdown hook: says at once that it is stopping,
 * tries a controlled shutdown for at most {@code controlledShutdownTimeout}, says whether the controller approved it or
 * what was skipped, stops the broker and its controller (logs flushed and closed) and ends the JVM with
 * {@link #STOPPED}. A watchdog ends it with {@link #HALTED} when the stop is still running {@link #CLOSE_GRACE} after
 * the controlled shutdown's bound, naming where it was stuck; Kafka's log recovery at the next start handles what was
 * left open. Either way the process is gone within the bound plus {@link #CLOSE_GRACE} (27 s by default), whatever
 * the other nodes do. A signal during start-up (a node waiting for a majority of the controllers) only says so: the
 * JVM exits at once with the signal's status (143 for SIGTERM), and the next start recovers the logs.
 */
final class BrokerShutdownHook implements Runnable {

    /** Exit status: stopped, logs closed (with or without a controlled shutdown; the output says which). */
    static final int STOPPED = 0;
    /** Exit status: the watchdog halted the JVM before the stop ended; the next start recovers the logs. */
    static final int HALTED = 4;
    /** How long closing may take after the controlled shutdown's bound (measured 6.5 s when the other nodes are gone, 5 s of it the metadata log giving up on them). */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(12);
    /** First words of the line printed when the signal arrives (tests wait for it). */
    static final String STOPPING = "facegate broker: stopping";
    /** First words of the line printed when no controller approved in time. */
    static final String WITHOUT_CONTROLLER = "facegate broker: no controller approved a controlled shutdown";

    private volatile EmbeddedKafkaBroker broker;
    private final Duration controlledShutdownTimeout;
    private final String who;
    private final boolean cluster;

    /**
     * @param who     "node 2 of 3" or "the broker", for the lines printed
     * @param cluster whether other nodes could take over this node's partitions (what a controlled shutdown is for)
     */
    BrokerShutdownHook(Duration controlledShutdownTimeout, String who, boolean cluster) {
        this.controlledShutdownTimeout = controlledShutdownTimeout;
        this.who = who;
        this.cluster = cluster;
    }

    /** Registers this hook on a named thread; call it before starting the broker. */
    void register() {
        Runtime.getRuntime().addShutdownHook(new Thread(this, "facegate-broker-shutdown"));
    }

    /** The broker has started: from now on a signal stops it as described above. */
    void started(EmbeddedKafkaBroker started) {
        this.broker = started;
    }

    @Override
    public void run() {
        EmbeddedKafkaBroker broker = this.broker;
        if (broker == null) {
            say(STOPPING + " " + who + " during start-up, before it served anything: exiting at once; the next start recovers its logs");
            return;
        }
        long start = System.nanoTime();
        say(STOPPING + " " + who + ": asking the controller for a controlled shutdown, waiting up to "
                + controlledShutdownTimeout.toSeconds() + " s (--controlled-shutdown-timeout-s)");
        startWatchdog(Thread.currentThread(), start);
        if (broker.controlledShutdown(controlledShutdownTimeout)) {
            say("facegate broker: controlled shutdown approved after " + seconds(start)
                    + (cluster ? " s (the controller moved this node's partition leaders to other nodes)" : " s")
                    + "; closing the logs");
        } else {
            say(WITHOUT_CONTROLLER + " within " + controlledShutdownTimeout.toSeconds() + " s: stopping without it. "
                    + "Skipped: handing this node's partition leadership to other nodes first"
                    + (cluster ? " (none answered; clients of its partitions wait until a controller fences it)" : "")
                    + ". Closing the logs as usual");
        }
        broker.close();
        say("facegate broker: " + who + " stopped after " + seconds(start) + " s, logs closed (exit status " + STOPPED + ")");
        Runtime.getRuntime().halt(STOPPED);
    }

    private void startWatchdog(Thread stopping, long start) {
        long deadline = start + controlledShutdownTimeout.plus(CLOSE_GRACE).toNanos();
        Thread watchdog = new Thread(() -> {
            try {
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    Thread.sleep(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                return;
            }
            say("facegate broker: " + who + " still stopping after " + seconds(start) + " s (in "
                    + kafkaFrames(stopping.getStackTrace()) + "): halting with exit status " + HALTED
                    + "; the next start recovers the logs");
            Runtime.getRuntime().halt(HALTED);
        }, "facegate-broker-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** The innermost Kafka frames of a stack, where a stop waits. */
    private static String kafkaFrames(StackTraceElement[] stack) {
        String frames = Arrays.stream(stack).filter(f -> f.getClassName().startsWith("kafka.")
                        || f.getClassName().startsWith("org.apache.kafka.")).limit(3)
                .map(f -> f.getClassName() + "." + f.getMethodName()).collect(Collectors.joining(" < "));
        return frames.isEmpty() ? "an unknown place" : frames;
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
