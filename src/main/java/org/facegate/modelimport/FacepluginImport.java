package org.facegate.modelimport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;

/**
 * Takes the ArcFace-style recognition net out of the npm package {@value #PACKAGE} (MIT): the tarball alone, as
 * {@code npm pack} fetches it, checked against the pinned registry integrity; never its dependency tree (it lists
 * babel, jest and webpack as runtime dependencies). Writes {@value #RECOGNITION_FILE} with a dynamic batch
 * dimension ({@link DynamicBatch}), the package's licence beside it, the model's descriptor
 * {@value #DESCRIPTOR_FILE}, and the default fusion of it with the face-api model ({@link DefaultFusion}).
 */
public final class FacepluginImport {

    public static final String PACKAGE = "faceplugin-face-recognition-js@0.0.1";
    /** The registry's {@code dist.integrity} of {@value #PACKAGE}. */
    public static final String INTEGRITY =
            "sha512-shriXjd4zJHEwhK1jHK+bWo8Vv6Vu9B/w6RRsd4AFtNM/jaI2vhuOamOSMl9qQmLd8WlQ7dgqN+3C2iOi5pXWw==";
    public static final String TARBALL = "faceplugin-face-recognition-js-0.0.1.tgz";
    public static final String RECOGNITION_FILE = "faceplugin_fr_feature.onnx";
    public static final String DESCRIPTOR_FILE = "faceplugin-arcface512.model.json";
    public static final String LICENSE_FILE = "LICENSE.faceplugin-face-recognition-js.txt";

    private static final String PACKAGED_MODEL = "model/fr_feature.onnx";

    /** Writes the model, its licence and its descriptor into {@code outDir}. */
    public List<ModelImporter.ImportedModel> importFrom(Path tarball, Path outDir) throws IOException {
        Map<String, byte[]> files = NpmTarball.read(tarball, INTEGRITY, Set.of(PACKAGED_MODEL, PadImport.FACEPLUGIN_PACKAGED_MODEL, "LICENSE"));
        Files.createDirectories(outDir);
        List<ModelImporter.ImportedModel> done = new ArrayList<>();
        ModelProto original = ModelProto.parseFrom(files.get(PACKAGED_MODEL));
        DynamicBatch.Result rewritten = DynamicBatch.rewrite(original);
        Path model = outDir.resolve(RECOGNITION_FILE);
        writeAtomically(model, rewritten.model().toByteArray());
        long params = original.getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b)).sum();
        done.add(new ModelImporter.ImportedModel(RECOGNITION_FILE + ", " + rewritten.note(), params,
                original.getGraph().getInitializerCount(), Files.size(model)));
        Path license = outDir.resolve(LICENSE_FILE);
        writeAtomically(license, files.get("LICENSE"));
        done.add(new ModelImporter.ImportedModel(LICENSE_FILE, 0, 0, Files.size(license)));
        Path descriptor = outDir.resolve(DESCRIPTOR_FILE);
        FacepluginDescriptor.build().write(descriptor);
        done.add(new ModelImporter.ImportedModel(DESCRIPTOR_FILE, 0, 0, Files.size(descriptor)));
        done.addAll(new PadImport().importFaceplugin(files.get(PadImport.FACEPLUGIN_PACKAGED_MODEL), outDir));
        Path fusion = outDir.resolve(DefaultFusion.FILE);
        DefaultFusion.build().write(fusion);
        done.add(new ModelImporter.ImportedModel(DefaultFusion.FILE, 0, 0, Files.size(fusion)));
        return done;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
