package org.facegate.modelimport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadFusionCoefficients;

/**
 * Converts the two MiniFASNet nets vendored in {@code tools/minifasnet} (safetensors state dicts, Apache-2.0, see
 * that folder's NOTICE) into ONNX ({@link MiniFasNetGraph}) and writes one PAD descriptor per net, each usable alone
 * ({@code facegate.pad.descriptor}, {@code eval pad --model}). The crop of each descriptor is upstream's own:
 * {@code SHIFT} fill with {@code BILINEAR} resize to 80x80, B, G, R values 0-255, softmax with index 1 = real.
 */
public final class MiniFasNetImport {

    /** The folder of the vendored weights, relative to the repository root. */
    public static final String VENDORED_DIR = "tools/minifasnet";
    public static final String V2_FILE = "minifasnet_v2.onnx";
    public static final String V1SE_FILE = "minifasnet_v1se.onnx";
    public static final String V2_DESCRIPTOR_FILE = "minifasnet-v2.pad.json";
    public static final String V1SE_DESCRIPTOR_FILE = "minifasnet-v1se.pad.json";

    /** One net: its vendored weights, upstream name, box scale and what the build writes for it. */
    record Net(String weights, String name, double boxScale, String onnx, String descriptor, String id) {
    }

    static final Net V2 = new Net("MiniFASNetV2-2.7_80x80.safetensors", "MiniFASNetV2", 2.7, V2_FILE,
            V2_DESCRIPTOR_FILE, "minifasnet-v2-2.7@b6d5f04");
    static final Net V1SE = new Net("MiniFASNetV1SE-4.0_80x80.safetensors", "MiniFASNetV1SE", 4.0, V1SE_FILE,
            V1SE_DESCRIPTOR_FILE, "minifasnet-v1se-4.0@b6d5f04");

    /** The threshold both descriptors ship with until one is fitted: upstream's own rule (real wins at 0.5). */
    static final double THRESHOLD = 0.5;

    /**
     * Converts both nets found in {@code weightsDir} into {@code outDir}.
     * @throws IOException when a weights file is missing or not a valid safetensors file, or writing fails
     */
    public List<ModelImporter.ImportedModel> importFrom(Path weightsDir, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<ModelImporter.ImportedModel> done = new ArrayList<>();
        for (Net net : List.of(V2, V1SE)) {
            Path file = weightsDir.resolve(net.weights());
            if (!Files.isRegularFile(file)) {
                throw new IOException("no MiniFASNet weights at " + file + " (vendored in " + VENDORED_DIR + ")");
            }
            SafetensorsFile weights = SafetensorsFile.read(file);
            Path onnx = outDir.resolve(net.onnx());
            writeAtomically(onnx, MiniFasNetGraph.build(weights, net.name()).toByteArray());
            done.add(new ModelImporter.ImportedModel(net.onnx(), weights.elementCount(), weights.names().size(),
                    Files.size(onnx)));
            Path descriptor = outDir.resolve(net.descriptor());
            descriptor(net).write(descriptor);
            done.add(new ModelImporter.ImportedModel(net.descriptor(), 0, 0, Files.size(descriptor)));
        }
        return done;
    }

    /**
     * The net's descriptor: with the threshold, table and calibration that {@code train-pad-fusion} chose for it
     * alone when the committed coefficients have them, else upstream's 0.5.
     */
    static PadDescriptor descriptor(Net net) throws IOException {
        PadDescriptor upstream = upstreamDescriptor(net);
        PadFusionCoefficients c = PadFusionCoefficients.shipped();
        if (c == null) {
            return upstream;
        }
        return c.alone().stream().filter(a -> a.id().equals(net.id())).findFirst()
                .map(a -> upstream.withCalibration(a.threshold(), a.operatingPoints(), a.calibration()))
                .orElse(upstream);
    }

    static PadDescriptor upstreamDescriptor(Net net) {
        return new PadDescriptor(PadDescriptor.SCHEMA_VERSION, net.id(), net.onnx(), MiniFasNetGraph.INPUT,
                MiniFasNetGraph.OUTPUT, new PadDescriptor.Crop(net.boxScale(), MiniFasNetGraph.INPUT_SIZE,
                        PadDescriptor.Fill.SHIFT, PadDescriptor.Resize.BILINEAR),
                new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.BGR, new float[3], new float[] {1, 1, 1}),
                new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.SOFTMAX, 1), THRESHOLD, List.of(),
                "not calibrated by FaceGate: threshold 0.5 on this net's own softmax real probability is upstream's "
                        + "rule (Silent-Face-Anti-Spoofing, which averages the two nets' softmax), not a measured "
                        + "operating point; weights trained by Minivision on their own collection (no public data "
                        + "set); no (APCER, BPCER) table measured by FaceGate yet");
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
