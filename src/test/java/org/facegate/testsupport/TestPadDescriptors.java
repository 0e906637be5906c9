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
            // relocate: every model path (one model's or each member's) still names the build's files from dir
            PadDescriptor moved = PadDescriptor.load(source).relocate(source.toAbsolutePath().getParent(), dir)
                    .withThreshold(threshold);
            ObjectNode d = (ObjectNode) JSON.readTree(moved.toJson());
            d.put("id", moved.id() + "@" + name);
            Path out = dir.resolve(name + ".pad.json");
            Files.writeString(out, d.toPrettyString());
            PadDescriptor.load(out); // still a valid descriptor
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
