package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.streams.TopologyDescription;
import org.facegate.metrics.FaceGateMetrics;
import org.junit.jupiter.api.Test;

/**
 * {@code topology/topology.txt} ({@code Topology#describe()}) and {@code topology/topology.md} (Mermaid) must match
 * the code's topology. After an intended change, regenerate them with
 * {@code mvn test -Dtest=TopologyDescriptionTest -Dfacegate.updateTopology=true} and review the diff.
 */
class TopologyDescriptionTest {

    private static final Path DIR = Path.of("topology");
    private static final String UPDATE = "facegate.updateTopology";

    static String markdown(TopologyDescription description) {
        return "# FaceGate topology\n\n"
                + "Generated from `FaceGateTopology.build` by `TopologyDescriptionTest` (default topic names); do not edit.\n"
                + "Regenerate: `mvn test -Dtest=TopologyDescriptionTest -D" + UPDATE + "=true`.\n"
                + "The text form is in [topology.txt](topology.txt).\n\n"
                + "```mermaid\n" + TopologyDiagram.mermaid(description) + "```\n";
    }

    @Test
    void checkedInDescriptionAndDiagramMatchTheCode() throws IOException {
        TopologyDescription description = FaceGateTopology.build(TopologySettings.DEFAULT, org.facegate.testsupport.TestModels.pipeline(),
                new FaceGateMetrics(new SimpleMeterRegistry()), Clock.systemUTC()).describe();
        check(DIR.resolve("topology.txt"), description.toString());
        check(DIR.resolve("topology.md"), markdown(description));
    }

    private static void check(Path file, String expected) throws IOException {
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, expected);
            System.out.println("TopologyDescriptionTest: wrote " + file + "; review and commit it");
            return;
        }
        String actual = Files.exists(file) ? Files.readString(file) : "(missing)";
        assertEquals(expected, actual, file + " is out of date: the code's topology changed. Review the change, then run "
                + "mvn test -Dtest=TopologyDescriptionTest -D" + UPDATE + "=true to regenerate it");
    }
}
