package org.facegate.modelimport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured range of every activation of one network on calibration faces: what {@link Int8Quantiser} turns into
 * uint8 scales and zero points. Written by the {@code calibrate-int8} command as a small JSON table committed beside
 * the importer, so that the build quantises without running a network and every build makes the same int8 graph.
 *
 * @param model       the fp32 ONNX file these ranges belong to (e.g. {@code face_recognition.onnx})
 * @param calibration how the ranges were measured: photos, rule, command
 * @param ranges      activation tensor name to its range, sorted by name
 * @param floatNodes  nodes (by their first output) kept in fp32 because quantising them costs the most accuracy
 */
public record ActivationRanges(String model, String calibration, Map<String, Range> ranges, List<String> floatNodes) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The folder of committed tables on the class path. */
    static final String RESOURCE_DIR = "/org/facegate/modelimport/calibration/";

    /** One activation's range on the calibration faces. */
    public record Range(float min, float max) {
    }

    public ActivationRanges {
        ranges = new TreeMap<>(ranges);
        floatNodes = floatNodes == null ? List.of() : List.copyOf(floatNodes);
    }

    /** The same ranges with {@code nodes} kept in fp32. */
    public ActivationRanges withFloatNodes(List<String> nodes) {
        return new ActivationRanges(model, calibration, ranges, nodes);
    }

    /**
     * The range of {@code tensor}.
     * @throws IllegalArgumentException when the table has none (the table was measured on another graph)
     */
    Range require(String tensor) {
        Range r = ranges.get(tensor);
        if (r == null) {
            throw new IllegalArgumentException("no calibrated range for activation '" + tensor + "' of " + model
                    + " (re-run calibrate-int8: the table was measured on another graph)");
        }
        return r;
    }

    /** The resource name of the committed table for {@code onnxFile}. */
    static String resourceFor(String onnxFile) {
        return RESOURCE_DIR + onnxFile.replace(".onnx", ".ranges.json");
    }

    /** The committed table for {@code onnxFile}, or null when none is committed. */
    static ActivationRanges committed(String onnxFile) {
        try (InputStream in = ActivationRanges.class.getResourceAsStream(resourceFor(onnxFile))) {
            return in == null ? null : JSON.readValue(in, ActivationRanges.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the calibration table of " + onnxFile, e);
        }
    }

    public static ActivationRanges read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ActivationRanges.class);
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson() + "\n");
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
