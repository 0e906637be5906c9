package org.facegate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the original face-api (tools/reference/peer-bench.mjs: TF.js WASM, one process per core) on the same
 * photos, so that the benchmark can state FaceGate's speed as a ratio measured in the same run. Installs the
 * script's npm dependencies first when they are missing ({@code npm ci}, pinned by its lockfile).
 */
public final class PeerBenchmark {

    private final Path scriptDir;

    public PeerBenchmark(Path scriptDir) {
        this.scriptDir = scriptDir;
    }

    /**
     * The peer's JSON summary (imagesPerSec, procs, images, passes, facesFound...) of whole passes over the first
     * {@code limit} photos lasting at least {@code seconds} (0: one pass).
     */
    public JsonNode run(Path images, int limit, double seconds) throws IOException, InterruptedException {
        if (!Files.isRegularFile(scriptDir.resolve("peer-bench.mjs"))) {
            throw new IOException("no peer benchmark script in " + scriptDir);
        }
        if (!Files.isDirectory(scriptDir.resolve("node_modules/@vladmandic/face-api"))) {
            System.err.println("bench: installing the peer's npm packages (npm ci in " + scriptDir + ")");
            exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 600);
        }
        String out = exec(List.of("node", "peer-bench.mjs", "--images", images.toAbsolutePath().toString(),
                "--limit", Integer.toString(limit), "--seconds", Double.toString(seconds), "--json"),
                1800 + (int) Math.ceil(seconds));
        String[] lines = out.trim().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private String exec(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(scriptDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue());
        }
        return out;
    }
}
