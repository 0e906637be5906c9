package org.facegate.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facegate.testsupport.ChildKafkaCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one three-node Kafka cluster (child JVMs) for the whole test run, started by the first test that
 * asks for a {@link ChildKafkaCluster} parameter and stopped when the run ends, as {@link KafkaBroker} does for the
 * single in-process broker. A test that kills a node starts it again before it ends.
 */
public final class KafkaCluster implements ParameterResolver {

    private static final String KEY = "facegate.child.cluster";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == ChildKafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> new Running(), Running.class).cluster;
    }

    /** Closed by JUnit at the end of the run. */
    private static final class Running implements AutoCloseable {
        final ChildKafkaCluster cluster;

        Running() {
            try {
                Files.createDirectories(Path.of("target"));
                cluster = ChildKafkaCluster.start(Files.createTempDirectory(Path.of("target"), "kafka-cluster-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
