package org.facegate.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadSettings;

/**
 * Copies of the build's default PAD descriptor for tests of PAD per gate group: the same model (its ONNX file named
 * by absolute path, so the copy opens from any folder) under another id and threshold. Edited as JSON, so that a
 * descriptor with more fields (members of a fusion) is copied whole.
 */
public final class TestPadDescriptors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestPadDescriptors() {
    }

    /** The build's default PAD descriptor file. */
    public static Path buildDefault() {
        return TestModels.modelsDir().resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE);
    }

    /** Writes {@code dir/NAME.pad.json}: the default descriptor with id {@code <its id>@NAME} at {@code threshold}. */
    public static Path copy(Path dir, String name, double threshold) {
        try {
            Path source = buildDefault();
            ObjectNode d = (ObjectNode) JSON.readTree(source.toFile());
            d.put("id", d.get("id").asText() + "@" + name);
            d.put("threshold", threshold);
            Path models = source.toAbsolutePath().getParent();
            if (d.has("onnx")) {
                d.put("onnx", models.resolve(d.get("onnx").asText()).toString());
            }
            for (com.fasterxml.jackson.databind.JsonNode m : d.path("members")) { // a fused default: every member's model
                ((ObjectNode) m).put("onnx", models.resolve(m.get("onnx").asText()).toString());
            }
            Path out = dir.resolve(name + ".pad.json");
            Files.writeString(out, d.toPrettyString());
            PadDescriptor.load(out); // still a valid descriptor
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
