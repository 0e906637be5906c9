package org.facegate.cli;

import java.nio.file.Path;
import java.util.Set;
import org.facegate.config.UsageException;
import org.facegate.modelimport.ModelImporter;

/**
 * {@code import-models --from WEIGHTS_DIR --out MODELS_DIR [--faceplugin TARBALL] [--minifasnet DIR]}: face-api
 * weights to ONNX, the faceplugin package's recognition and liveness nets, the PAD model from the committed
 * coefficients, and the MiniFASNet PAD nets from their vendored weights ({@code tools/minifasnet}; the build runs
 * the same steps).
 */
final class ImportModelsCommand implements Command {

    @Override
    public String name() {
        return "import-models";
    }

    @Override
    public String summary() {
        return "--from DIR --out DIR [--faceplugin TARBALL] [--minifasnet DIR]: convert the face models to ONNX";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(Set.of(), "from", "out", "faceplugin", "minifasnet");
    }

    @Override
    public int run(Arguments args) throws Exception {
        Path from = Path.of(args.option("from").orElseThrow(() -> new UsageException("--from DIR is required")));
        Path out = Path.of(args.option("out").orElseThrow(() -> new UsageException("--out DIR is required")));
        java.util.Optional<Path> faceplugin = args.option("faceplugin").map(Path::of);
        java.util.Optional<Path> minifasnet = args.option("minifasnet").map(Path::of);
        args.rejectUnknown();
        for (ModelImporter.ImportedModel m : org.facegate.modelimport.ModelImportMain.importEverything(from, out,
                faceplugin.orElse(null), minifasnet.orElse(null))) {
            System.out.printf("%s: %s%n", out.resolve(m.file()), m.describe());
        }
        return 0;
    }
}
