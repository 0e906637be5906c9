package org.facegate.modelimport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadFusionCoefficients;
import org.facegate.pad.PadSettings;
import org.facegate.pad.TextureModel;

/**
 * Writes the PAD models from the committed coefficients: FaceGate's colour-texture model retrained across cameras
 * ({@link TextureModel#CAMERAS_RESOURCE}, made by {@code facegate train-pad-fusion}) as {@value #TEXTURE_FILE} and
 * {@value #TEXTURE_DESCRIPTOR_FILE}; the first, NUAA-only model ({@link TextureModel#RESOURCE}, {@code facegate
 * train-pad}) as {@value #NUAA_TEXTURE_FILE} and {@value #NUAA_TEXTURE_DESCRIPTOR_FILE}; and, once the MiniFASNet
 * descriptors are written, the default descriptor {@link PadSettings#DEFAULT_DESCRIPTOR_FILE}: the fusion of the
 * texture model and the two MiniFASNets with the committed coefficients ({@link PadFusionCoefficients#RESOURCE}).
 * Without those coefficients the default is the texture model alone. From the faceplugin package, its liveness net
 * with the crop rule of its own code ({@value #FACEPLUGIN_DESCRIPTOR_FILE}), one setting away for comparison.
 */
public final class PadImport {

    public static final String TEXTURE_FILE = "pad_colour_texture.onnx";
    public static final String TEXTURE_DESCRIPTOR_FILE = "colour-texture.pad.json";
    public static final String NUAA_TEXTURE_FILE = "pad_colour_texture_nuaa.onnx";
    public static final String NUAA_TEXTURE_DESCRIPTOR_FILE = "colour-texture-nuaa.pad.json";
    public static final String FACEPLUGIN_FILE = "faceplugin_fr_liveness.onnx";
    public static final String FACEPLUGIN_DESCRIPTOR_FILE = "faceplugin-liveness.pad.json";
    static final String FACEPLUGIN_PACKAGED_MODEL = "model/fr_liveness.onnx";

    /**
     * The texture models from the shipped coefficients (none written without them), and the cameras model's
     * descriptor as the default until {@link #importDefault} replaces it with the fusion.
     */
    public List<ModelImporter.ImportedModel> importTexture(Path outDir) throws IOException {
        List<ModelImporter.ImportedModel> done = new ArrayList<>();
        TextureModel nuaa = TextureModel.shipped();
        if (nuaa != null) {
            done.addAll(importTexture(nuaa, outDir, NUAA_TEXTURE_FILE, NUAA_TEXTURE_DESCRIPTOR_FILE));
        }
        TextureModel cameras = TextureModel.resource(TextureModel.CAMERAS_RESOURCE);
        TextureModel chosen = cameras != null ? cameras : nuaa;
        if (cameras != null) {
            done.addAll(importTexture(cameras, outDir, TEXTURE_FILE, TEXTURE_DESCRIPTOR_FILE));
        }
        if (chosen != null) {
            String onnx = cameras != null ? TEXTURE_FILE : NUAA_TEXTURE_FILE;
            done.add(writeDescriptor(textureDescriptor(chosen, onnx), outDir, PadSettings.DEFAULT_DESCRIPTOR_FILE));
        }
        return done;
    }

    /**
     * A colour-texture model (e.g. one {@code train-pad} just made from a site's own captures) as ONNX and default
     * descriptor in {@code outDir}, ready for {@code facegate.pad.descriptor}.
     */
    public List<ModelImporter.ImportedModel> importTexture(TextureModel m, Path outDir) throws IOException {
        return importTexture(m, outDir, TEXTURE_FILE, PadSettings.DEFAULT_DESCRIPTOR_FILE);
    }

    private List<ModelImporter.ImportedModel> importTexture(TextureModel m, Path outDir, String onnxFile,
            String descriptorFile) throws IOException {
        Files.createDirectories(outDir);
        List<ModelImporter.ImportedModel> done = new ArrayList<>();
        Path onnx = outDir.resolve(onnxFile);
        writeAtomically(onnx, ColourTextureGraph.model(m).toByteArray());
        done.add(new ModelImporter.ImportedModel(onnxFile, m.weights().length + 1L, 1, Files.size(onnx)));
        done.add(writeDescriptor(textureDescriptor(m, onnxFile), outDir, descriptorFile));
        return done;
    }

    /**
     * The default descriptor as the fusion of the committed coefficients, over {@value #TEXTURE_DESCRIPTOR_FILE} and
     * the MiniFASNet descriptors in {@code outDir}; nothing when the coefficients or a member file are missing.
     * @throws IOException when a member's id differs from the one the coefficients were fitted with
     */
    public List<ModelImporter.ImportedModel> importDefault(Path outDir) throws IOException {
        PadFusionCoefficients c = PadFusionCoefficients.shipped();
        List<Path> members = memberFiles(outDir);
        if (c == null || !members.stream().allMatch(Files::isRegularFile)) {
            return List.of();
        }
        return List.of(writeFusion(c, members, outDir));
    }

    /**
     * What {@code train-pad-fusion --install DIR} writes: the texture model, its descriptor and the fused default,
     * with the MiniFASNet descriptors already in {@code outDir}.
     * @throws IOException when a MiniFASNet descriptor is missing or a member's id differs from the coefficients'
     */
    public List<ModelImporter.ImportedModel> importCameras(TextureModel texture, PadFusionCoefficients c, Path outDir)
            throws IOException {
        List<ModelImporter.ImportedModel> done = new ArrayList<>(importTexture(texture, outDir, TEXTURE_FILE,
                TEXTURE_DESCRIPTOR_FILE));
        done.add(writeFusion(c, memberFiles(outDir), outDir));
        return done;
    }

    private static List<Path> memberFiles(Path outDir) {
        return List.of(outDir.resolve(TEXTURE_DESCRIPTOR_FILE), outDir.resolve(MiniFasNetImport.V2_DESCRIPTOR_FILE),
                outDir.resolve(MiniFasNetImport.V1SE_DESCRIPTOR_FILE));
    }

    private static ModelImporter.ImportedModel writeFusion(PadFusionCoefficients c, List<Path> members, Path outDir)
            throws IOException {
        for (int i = 0; i < members.size(); i++) {
            String id = PadDescriptor.load(members.get(i)).id();
            if (!id.equals(c.members().get(i))) {
                throw new IOException(members.get(i) + " is " + id + " but the fusion coefficients were fitted with "
                        + c.members().get(i) + " (rerun train-pad-fusion)");
            }
        }
        Path file = outDir.resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE);
        PadFusionWriter.write(file, c.id(), members, c.fusion(), c.threshold(), c.operatingPoints(), c.calibration());
        return new ModelImporter.ImportedModel(PadSettings.DEFAULT_DESCRIPTOR_FILE, 0, 0, Files.size(file));
    }

    private static ModelImporter.ImportedModel writeDescriptor(PadDescriptor d, Path outDir, String file)
            throws IOException {
        Path path = outDir.resolve(file);
        d.write(path);
        return new ModelImporter.ImportedModel(file, 0, 0, Files.size(path));
    }

    static PadDescriptor textureDescriptor(TextureModel m) {
        return textureDescriptor(m, TEXTURE_FILE);
    }

    static PadDescriptor textureDescriptor(TextureModel m, String onnxFile) {
        return new PadDescriptor(PadDescriptor.SCHEMA_VERSION, m.id(), onnxFile, "face", "score", m.crop(),
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
