package org.facegate.padtraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.vision.FacePipeline;

/**
 * {@code calibrate-pad}: sets a PAD descriptor's threshold from one camera's (or gate group's) genuine captures, with
 * no attack photos. Scores every photo under a folder as the service would ({@link BonaFideScoring}), picks the
 * threshold that gives at most the target BPCER on the faces found ({@link BpcerThreshold}: the (k+1)-th lowest score,
 * k = floor(target x faces)) and writes, in the output folder:
 * <ul>
 *   <li>{@code NAME.pad.json}: the base descriptor (any PAD descriptor, a fusion's members included) at that threshold,
 *       under a new id, with {@code operatingPoints} emptied (they were measured on other photos) and a
 *       {@code calibration} text that states the photo count, faces found, failures to acquire (apart, never counted
 *       in BPCER), the achieved BPCER and its 95 % Clopper-Pearson interval, the target and the data's SHA-256
 *       ({@link BonaFideCaptures}).</li>
 *   <li>a copy of every model file the descriptor names (each string field {@code onnx} or ending in {@code Onnx}, at
 *       any depth), which the written descriptor names by file name, relative to its own folder: the folder is
 *       self-contained and the threshold stays with the model bytes it was calibrated for.</li>
 *   <li>{@code NAME.calibration.json}: the same figures, for tools.</li>
 * </ul>
 * Refusals ({@link IllegalArgumentException}, clear messages): no photos, a target outside (0, 0.5), no face found, too
 * few faces for the target.
 */
public final class CameraCalibration {

    /** What the calibration measured and wrote. */
    public record Report(String id, String baseId, String bonaFide, int photos, int faces,
            Map<String, Integer> failuresToAcquire, double targetBpcer, int allowedRejections, double threshold,
            int rejected, double bpcer, double bpcerLow95, double bpcerHigh95, String interval, String sha256,
            String descriptor) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final FacePipeline pipeline;
    private final PresentationAttackDetector pad;
    private final Path baseDescriptorDir;

    /**
     * @param pipeline          decoder and face finder (its own PAD stage, if any, is not used)
     * @param pad               the base descriptor's detector, whose threshold is replaced
     * @param baseDescriptorDir the base descriptor's folder, against which its model files resolve
     */
    public CameraCalibration(FacePipeline pipeline, PresentationAttackDetector pad, Path baseDescriptorDir) {
        this.pipeline = pipeline;
        this.pad = pad;
        this.baseDescriptorDir = baseDescriptorDir;
    }

    /**
     * @param name a file-name word ({@code [A-Za-z0-9._-]+}): the output is {@code out/NAME.pad.json}
     * @param id   the written descriptor's id (the verdicts' {@code presentation.modelId}), at most 128 characters
     * @param command the command line, recorded in the calibration text
     * @throws IllegalArgumentException for the refusals above and a bad name or id
     * @throws IOException when a photo cannot be read or the output cannot be written
     */
    public Report calibrate(Path bonaFide, double target, Path out, String name, String id, String command)
            throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("name '" + name + "' must be a file-name word: letters, digits, . _ -");
        }
        if (id.isBlank() || id.length() > 128) {
            throw new IllegalArgumentException("the descriptor id must be 1 to 128 characters: " + id);
        }
        BpcerThreshold.minimumFaces(target); // refuses a bad target before any photo is read
        List<BonaFideCaptures.Capture> captures = BonaFideCaptures.list(bonaFide);
        if (captures.isEmpty()) {
            throw new IllegalArgumentException("no photos (.jpg, .jpeg, .png, .jp2, .j2k) under " + bonaFide);
        }
        BonaFideScoring.Result scored = new BonaFideScoring(pipeline, pad).score(captures);
        BpcerThreshold.Result t = BpcerThreshold.choose(scored.scores(), target);
        Map<String, Integer> failures = new java.util.LinkedHashMap<>();
        scored.failuresToAcquire().forEach((p, c) -> failures.put(p.name(), c));
        String text = String.format(Locale.ROOT, "calibrate-pad on %d bona fide photos under '%s' (%s): %d faces found,"
                + " %d failures to acquire%s, not counted in BPCER. Threshold %.6f = score %d of the %d faces' scores in"
                + " rising order (k + 1, k = floor(%s x %d) = %d): BPCER %.2f %% (%d of %d rejected), 95 %% Clopper-Pearson"
                + " interval %.2f-%.2f %%; target %s. Base descriptor %s (threshold %.6f); operating points dropped"
                + " (measured on other photos); no attack photos: APCER at this threshold is not measured. Command: %s",
                scored.photos(), bonaFide.getFileName(), scored.sha256(), scored.faces(), scored.failures(),
                failures.isEmpty() ? "" : " (" + failures.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + ")",
                t.threshold(), t.allowed() + 1, t.faces(), Double.toString(target), t.faces(), t.allowed(),
                100 * t.bpcer(), t.rejected(), t.faces(), 100 * t.low(), 100 * t.high(), Double.toString(target),
                pad.modelId(), pad.descriptor().threshold(), command);
        Files.createDirectories(out);
        Path descriptor = out.resolve(name + ".pad.json");
        write(pad.descriptor().withThreshold(t.threshold()), id, text, descriptor);
        Report report = new Report(id, pad.modelId(), bonaFide.toString(), scored.photos(), scored.faces(), failures,
                target, t.allowed(), t.threshold(), t.rejected(), t.bpcer(), t.low(), t.high(), "clopper-pearson-95",
                scored.sha256(), descriptor.getFileName().toString());
        atomically(out.resolve(name + ".calibration.json"), JSON.writeValueAsString(report));
        return report;
    }

    /** The descriptor under {@code id} with {@code calibration}, its model files copied beside it. */
    private void write(PadDescriptor calibrated, String id, String calibration, Path file) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(calibrated.toJson());
        tree.put("id", id);
        tree.put("calibration", calibration);
        tree.putArray("operatingPoints");
        copyModelFiles(tree, file.getParent(), new HashMap<>());
        String json = JSON.writeValueAsString(tree);
        PadDescriptor.parse(json); // still a valid descriptor
        atomically(file, json + "\n");
    }

    /** Copies each model file the tree names into {@code out} and names it there by file name. */
    private void copyModelFiles(JsonNode node, Path out, Map<String, Path> copied) throws IOException {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual() && (field.getKey().equals("onnx") || field.getKey().endsWith("Onnx"))) {
                    field.setValue(JSON.getNodeFactory().textNode(copy(field.getValue().asText(), out, copied)));
                } else {
                    copyModelFiles(field.getValue(), out, copied);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                copyModelFiles(child, out, copied);
            }
        }
    }

    private String copy(String reference, Path out, Map<String, Path> copied) throws IOException {
        Path source = baseDescriptorDir.resolve(reference).toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new IOException("the PAD descriptor names model file " + reference + ", which is not at " + source);
        }
        String target = source.getFileName().toString();
        for (int i = 2; copied.containsKey(target) && !copied.get(target).equals(source); i++) {
            target = i + "-" + source.getFileName(); // two members' files of one name
        }
        if (copied.put(target, source) == null && !source.equals(out.resolve(target).toAbsolutePath().normalize())) {
            Files.copy(source, out.resolve(target), StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void atomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
