package org.facegate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.facegate.cohort.Cohort;
import org.facegate.cohort.CohortFile;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.facegate.inference.Embedding;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;

/**
 * {@code cohort build --images DIR --out FILE [--max-faces N] [--template-key-file FILE] [--allow-plaintext-templates]
 * [--config FILE] [--models DIR] [--set KEY=VALUE]}: a score-normalisation cohort ({@link Cohort}) from every photo
 * (JPEG, PNG, JPEG 2000) under DIR, embedded with the model the service's configuration uses, one face per photo
 * (photos without a usable face are counted and skipped), sealed with the template key like templates
 * ({@link CohortFile}). {@code --max-faces N} keeps a deterministic sample: the N photos first by the SHA-256 of their
 * path under DIR. The people in the cohort must not be the ones the service verifies. Prints the cohort's version
 * and size, never a file name of a face.
 */
final class CohortCommand implements Command {

    private static final int BATCH = 8;

    @Override
    public String name() {
        return "cohort";
    }

    @Override
    public String summary() {
        return "build --images DIR --out FILE [--max-faces N]: a sealed score-normalisation cohort from a folder of photos";
    }

    @Override
    public Set<String> options() {
        return Set.of("config", "models", "provider", "set", "images", "out", "max-faces", "template-key-file",
                "allow-plaintext-templates");
    }

    @Override
    public int run(Arguments args) throws Exception {
        if (!args.positional().equals(List.of("build"))) {
            throw new UsageException("cohort build --images DIR --out FILE [--max-faces N]");
        }
        Path images = Path.of(args.option("images").orElseThrow(() -> new UsageException("--images DIR is required")));
        Path out = Path.of(args.option("out").orElseThrow(() -> new UsageException("--out FILE is required")));
        int maxFaces = args.intOption("max-faces", 0);
        if (!Files.isDirectory(images)) {
            throw new UsageException("no folder " + images);
        }
        Map<String, String> keyOptions = new HashMap<>();
        args.option("template-key-file").ifPresent(f -> keyOptions.put(FaceGateConfig.Key.TEMPLATES_KEY_FILE.key(), f));
        if (args.flag("allow-plaintext-templates")) {
            keyOptions.put(FaceGateConfig.Key.TEMPLATES_ALLOW_PLAINTEXT.key(), "true");
        }
        FaceGateConfig config = ConfigOptions.load(args, Map.of(), keyOptions);
        args.rejectUnknown();
        TemplateKeyRing keys = config.templateKeys(System.getenv()); // refuses without a key, as run does
        List<Path> photos = sample(photos(images), images, maxFaces);
        if (photos.isEmpty()) {
            throw new UsageException("no photos (.jpg, .jpeg, .png, .jp2, .j2k) under " + images);
        }
        List<Embedding> faces = new ArrayList<>();
        int without = 0;
        String modelId;
        Cohort cohort;
        try (FacePipeline pipeline = config.openPipeline()) {
            modelId = pipeline.modelId();
            for (int i = 0; i < photos.size(); i += BATCH) {
                List<byte[]> batch = new ArrayList<>();
                for (Path p : photos.subList(i, Math.min(photos.size(), i + BATCH))) {
                    batch.add(Files.readAllBytes(p));
                }
                for (FaceAnalysis a : pipeline.analyseAll(batch, ImageRole.ENROLMENT)) {
                    if (a instanceof FaceAnalysis.Embedded e) {
                        faces.add(e.embedding());
                    } else {
                        without++;
                    }
                }
            }
            if (faces.size() < 2) {
                throw new UsageException("only " + faces.size() + " of " + photos.size() + " photos yielded a face;"
                        + " a cohort needs at least 2");
            }
            cohort = Cohort.of(pipeline.descriptor().members(), faces);
        }
        String provenance = String.format(Locale.ROOT, "%d faces of %d photos (%d without a usable face)%s, model %s",
                cohort.size(), photos.size(), without, maxFaces > 0 ? ", a sample of at most " + maxFaces : "", modelId);
        CohortFile.write(out, new CohortFile.Contents(cohort, Instant.now(), provenance), keys);
        System.out.println("cohort " + cohort.version() + ": " + provenance + "; written to " + out
                + (keys.encrypts() ? ", sealed under key " + keys.currentKeyId().orElseThrow()
                        : " in PLAINTEXT (development only)"));
        return 0;
    }

    /** Every photo file under {@code dir}, by path. */
    static List<Path> photos(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".jp2")
                        || n.endsWith(".j2k");
            }).sorted().toList();
        }
    }

    /** All photos ({@code max <= 0}), or the {@code max} first by the SHA-256 of their path under {@code dir}. */
    static List<Path> sample(List<Path> photos, Path dir, int max) {
        if (max <= 0 || max >= photos.size()) {
            return photos;
        }
        return photos.stream().sorted(Comparator.comparing((Path p) -> sha256(dir.relativize(p).toString())))
                .limit(max).sorted().toList();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
