package org.facegate.modelimport;

import java.nio.file.Path;

/**
 * Build-time entry point ({@code exec-maven-plugin}, phase process-classes) and the body of the
 * {@code import-models} command: {@code --from WEIGHTS_DIR --out MODELS_DIR [--faceplugin TARBALL]
 * [--minifasnet DIR]} (the tarball of {@value FacepluginImport#PACKAGE}, from {@code npm pack}; the folder of the
 * vendored MiniFASNet weights, {@value MiniFasNetImport#VENDORED_DIR}).
 */
public final class ModelImportMain {

    private ModelImportMain() {
    }

    public static void main(String[] args) throws Exception {
        Path from = null;
        Path out = null;
        Path faceplugin = null;
        Path minifasnet = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--from" -> from = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--faceplugin" -> faceplugin = Path.of(args[i + 1]);
                case "--minifasnet" -> minifasnet = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (from == null || out == null) {
            throw new IllegalArgumentException(
                    "usage: import-models --from WEIGHTS_DIR --out MODELS_DIR [--faceplugin TARBALL] [--minifasnet DIR]");
        }
        for (ModelImporter.ImportedModel m : importEverything(from, out, faceplugin, minifasnet)) {
            System.out.printf("facegate import-models: %s (%s)%n", out.resolve(m.file()), m.describe());
        }
    }

    /**
     * Everything the build imports, in order: the face-api networks, the faceplugin package's networks and the
     * default fusion (when {@code faceplugin} is not null), the PAD model, then the int8 graphs of the recognition
     * networks and the fp32 descriptors.
     */
    public static java.util.List<ModelImporter.ImportedModel> importEverything(Path from, Path out, Path faceplugin)
            throws java.io.IOException {
        return importEverything(from, out, faceplugin, null);
    }

    /** As above, and the MiniFASNet PAD nets and their descriptors from {@code minifasnet} when it is not null. */
    public static java.util.List<ModelImporter.ImportedModel> importEverything(Path from, Path out, Path faceplugin,
            Path minifasnet) throws java.io.IOException {
        java.util.List<ModelImporter.ImportedModel> done = new java.util.ArrayList<>(new ModelImporter().importAll(from, out));
        if (faceplugin != null) {
            done.addAll(new FacepluginImport().importFrom(faceplugin, out));
        }
        done.addAll(new PadImport().importTexture(out));
        if (minifasnet != null) {
            done.addAll(new MiniFasNetImport().importFrom(minifasnet, out));
            done.addAll(new PadImport().importDefault(out));
        }
        done.addAll(new Int8Import().importAll(out));
        return done;
    }
}
