package org.facegate.cli;

import java.nio.file.Path;
import org.facegate.config.UsageException;
import org.facegate.modelimport.ModelImporter;

/** {@code import-models --from WEIGHTS_DIR --out MODELS_DIR}: face-api weights to ONNX (the build runs this). */
final class ImportModelsCommand implements Command {

    @Override
    public String name() {
        return "import-models";
    }

    @Override
    public String summary() {
        return "--from DIR --out DIR: convert face-api weights manifests to ONNX models";
    }

    @Override
    public int run(Arguments args) throws Exception {
        Path from = Path.of(args.option("from").orElseThrow(() -> new UsageException("--from DIR is required")));
        Path out = Path.of(args.option("out").orElseThrow(() -> new UsageException("--out DIR is required")));
        args.rejectUnknown();
        for (ModelImporter.ImportedModel m : new ModelImporter().importAll(from, out)) {
            System.out.printf("%s: %s%n", out.resolve(m.file()), m.describe());
        }
        return 0;
    }
}
