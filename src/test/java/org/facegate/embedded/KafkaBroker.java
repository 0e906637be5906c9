package org.facegate.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one in-process Kafka broker for the whole test run, started by the first test class that
 * asks for it ({@code @ExtendWith(KafkaBroker.class)} and a parameter of type {@link EmbeddedKafkaBroker}) and
 * stopped when the run ends. Tests isolate themselves with their own topic prefix and application id.
 */
public final class KafkaBroker implements ParameterResolver {

    private static final String KEY = "facegate.embedded.broker";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return shared(extension);
    }

    static EmbeddedKafkaBroker shared(ExtensionContext extension) {
        return extension.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> new Running(), Running.class).broker;
    }

    /** Closed by JUnit at the end of the run (values in the root store that are AutoCloseable are closed). */
    private static final class Running implements AutoCloseable {
        final Path dataDir;
        final EmbeddedKafkaBroker broker;

        Running() {
            try {
                Files.createDirectories(Path.of("target"));
                dataDir = Files.createTempDirectory(Path.of("target"), "embedded-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker = EmbeddedKafkaBroker.start(0, dataDir, Map.of());
        }

        @Override
        public void close() throws IOException {
            broker.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
