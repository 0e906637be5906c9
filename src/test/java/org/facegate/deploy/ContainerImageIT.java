package org.facegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code mvn package} (failsafe runs this in {@code verify}): what the container images COPY exists in
 * target/ and is complete, and the image's entrypoint starts the packaged jar with its JVM options. Docker cannot
 * run here, so this is as close to the image as a build gets: the same files in the same layout
 * ({@code FACEGATE_HOME} = target/ instead of /opt/facegate).
 */
class ContainerImageIT {

    private static final Path TARGET = Path.of("target");

    @TempDir
    Path tmp;

    @Test
    void theJarItsLibrariesAndTheModelsAreWhereTheDockerfilesCopyThemFrom() throws IOException {
        Path jar = TARGET.resolve("facegate.jar");
        assertTrue(Files.isRegularFile(jar), "target/facegate.jar");
        String classPath;
        try (JarFile j = new JarFile(jar.toFile())) {
            classPath = j.getManifest().getMainAttributes().getValue("Class-Path");
        }
        for (String entry : classPath.trim().split("\\s+")) {
            assertTrue(entry.startsWith("lib/") && Files.isRegularFile(TARGET.resolve(entry)),
                    "the manifest's " + entry + " is in target/lib (the image copies target/lib/ to lib/)");
        }
        List<String> runtimes;
        try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
            runtimes = lib.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("onnxruntime")).sorted().toList();
        }
        assertEquals(1, runtimes.size(), "exactly one ONNX Runtime (CPU with -Pcpu for Dockerfile.cpu, GPU for Dockerfile.cuda): " + runtimes);
        for (String model : List.of("tiny_face_detector.onnx", "face_landmark_68.onnx", "face_recognition.onnx")) {
            assertTrue(Files.size(TARGET.resolve("models").resolve(model)) > 100_000, "target/models/" + model);
        }
    }

    @Test
    void theEntrypointRunsThePackagedJarWithItsJvmOptions() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "deploy/docker/entrypoint.sh", "topics", "--bootstrap-servers", "nowhere.invalid:9092")
                .redirectErrorStream(true);
        pb.environment().put("FACEGATE_HOME", TARGET.toAbsolutePath().toString());
        pb.environment().put("FACEGATE_TMP_DIR", tmp.toString());
        pb.environment().put("JAVA_OPTS", "-Xss1m -Dfacegate.test=1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("passport-checks partitions=6"), out);
    }
}
