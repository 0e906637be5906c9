package org.facegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code facegate run} in a child JVM on the test class path, so that a test can kill it with SIGKILL
 * ({@link Process#destroyForcibly()}) as a crash would. Its output goes to a log file.
 */
public final class ChildFaceGate implements AutoCloseable {

    private static final String READY = "facegate run: consuming";

    private final String name;
    private final Process process;
    private final Path log;

    private ChildFaceGate(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java ... org.facegate.cli.Main run ARGS}, CPU inference, metrics off. */
    public static ChildFaceGate start(String name, Path log, List<String> runArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.facegate.cli.Main", "run",
                "--models", TestModels.modelsDir().toAbsolutePath().toString(),
                "--provider", "cpu",
                "--metrics-port", "-1"));
        command.addAll(runArgs);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ChildFaceGate(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM", e);
        }
    }

    /** Waits until the child says it is consuming (Kafka Streams RUNNING); fails if it exits first. */
    public ChildFaceGate awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(READY)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " not running within " + timeout.toSeconds() + " s:\n" + tail());
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail() {
        String text = log();
        return text.substring(Math.max(0, text.length() - 4000));
    }

    /** SIGTERM (the shutdown hook closes Kafka Streams cleanly), then SIGKILL if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }
}
