package org.facegate.modelimport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadSettings;
import org.facegate.pad.TextureModel;

/**
 * Writes the PAD models: FaceGate's own colour-texture model from the committed coefficients
 * ({@link TextureModel#RESOURCE}, made by {@code facegate train-pad}) as {@value #TEXTURE_FILE} with the default
 * descriptor {@link PadSettings#DEFAULT_DESCRIPTOR_FILE}; and, from the faceplugin package, its liveness net with the
 * crop rule of its own code ({@value #FACEPLUGIN_DESCRIPTOR_FILE}), one setting away for comparison.
 */
public final class PadImport {

    public static final String TEXTURE_FILE = "pad_colour_texture.onnx";
    public static final String FACEPLUGIN_FILE = "faceplugin_fr_liveness.onnx";
    public static final String FACEPLUGIN_DESCRIPTOR_FILE = "faceplugin-liveness.pad.json";
    static final String FACEPLUGIN_PACKAGED_MODEL = "model/fr_liveness.onnx";

    /** The default PAD model and its descriptor, from the shipped coefficients (none written without them). */
    public List<ModelImporter.ImportedModel> importTexture(Path outDir) throws IOException {
        TextureModel m = TextureModel.shipped();
        return m == null ? List.of() : importTexture(m, outDir);
    }

    /**
     * A colour-texture model (e.g. one {@code train-pad} just made from a site's own captures) as ONNX and descriptor
     * in {@code outDir}, ready for {@code facegate.pad.descriptor}.
     */
    public List<ModelImporter.ImportedModel> importTexture(TextureModel m, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<ModelImporter.ImportedModel> done = new ArrayList<>();
        Path onnx = outDir.resolve(TEXTURE_FILE);
        writeAtomically(onnx, ColourTextureGraph.model(m).toByteArray());
        done.add(new ModelImporter.ImportedModel(TEXTURE_FILE, m.weights().length + 1L, 1, Files.size(onnx)));
        Path descriptor = outDir.resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE);
        textureDescriptor(m).write(descriptor);
        done.add(new ModelImporter.ImportedModel(PadSettings.DEFAULT_DESCRIPTOR_FILE, 0, 0, Files.size(descriptor)));
        return done;
    }

    static PadDescriptor textureDescriptor(TextureModel m) {
        return new PadDescriptor(PadDescriptor.SCHEMA_VERSION, m.id(), TEXTURE_FILE, "face", "score", m.crop(),
                new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.RGB, new float[3], new float[] {1, 1, 1}),
                new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.PROBABILITY, 0), m.threshold(),
                m.operatingPoints(), m.calibration());
    }

    /** The faceplugin liveness net as its package ships it (batch fixed at 1), and its descriptor. */
    List<ModelImporter.ImportedModel> importFaceplugin(byte[] model, Path outDir) throws IOException {
        List<ModelImporter.ImportedModel> done = new ArrayList<>();
        Path onnx = outDir.resolve(FACEPLUGIN_FILE);
        writeAtomically(onnx, model);
        done.add(new ModelImporter.ImportedModel(FACEPLUGIN_FILE, 0, 0, Files.size(onnx)));
        Path descriptor = outDir.resolve(FACEPLUGIN_DESCRIPTOR_FILE);
        facepluginDescriptor().write(descriptor);
        done.add(new ModelImporter.ImportedModel(FACEPLUGIN_DESCRIPTOR_FILE, 0, 0, Files.size(descriptor)));
        return done;
    }

    /**
     * As {@code lib/fr_liveness.js} feeds it: the box enlarged 2.7 times (less where the photo is too small) and moved
     * inside the photo, 128x128, RGB 0..255, softmax over three outputs, the first taken as live. The threshold is
     * the point of equal error rates on nuaa-pad measured with {@code eval pad} (docs/presentation-attacks.md).
     */
    static PadDescriptor facepluginDescriptor() {
        return new PadDescriptor(PadDescriptor.SCHEMA_VERSION, "faceplugin-liveness@0.0.1", FACEPLUGIN_FILE, "input",
                "output", new PadDescriptor.Crop(2.7, 128, PadDescriptor.Fill.SHIFT),
                new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.RGB, new float[3], new float[] {1, 1, 1}),
                new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.SOFTMAX, 0), FACEPLUGIN_THRESHOLD, List.of(),
                "not calibrated by its authors; threshold from facegate eval pad on nuaa-pad");
    }

    static final double FACEPLUGIN_THRESHOLD = 0.5;

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
