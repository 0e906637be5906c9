package org.facegate.vision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.facegate.inference.Embedding;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelsFolder;
import org.facegate.inference.OnnxRuntime;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.inference.TemplateComparison;
import org.facegate.pad.PadScore;
import org.facegate.pad.PresentationAttackDetector;

/**
 * The face pipeline: decode -> detect and select one face ({@link FaceFinder}) -> for live images, presentation-attack
 * detection ({@link PresentationStage}: an attack stops here) -> 68 landmarks (refined) -> align -> embed. Thread-safe;
 * one ONNX Runtime session per network, shared by all callers. {@link #analyseAll} runs every network once per batch.
 * Bad input never throws: it yields {@link FaceAnalysis.Rejected} with a {@link FaceProblem}.
 */
public final class FacePipeline implements FaceAnalyser, AutoCloseable {

    private final PipelineSettings settings;
    private final RecognitionDescriptor descriptor;
    private final double threshold;
    private final ImageDecoder decoder;
    /** The networks: detector, landmarks, one embedder per member, the PAD stage (null when switched off). */
    private final PipelineModels models;
    private final FaceFinder finder;

    private FacePipeline(PipelineSettings settings, OnnxRuntime runtime, Path modelsDir,
            RecognitionDescriptor descriptor, Path descriptorDir) {
        this.settings = settings;
        this.descriptor = descriptor;
        this.threshold = settings.threshold().resolve(descriptor.threshold());
        if (descriptor instanceof ModelDescriptor && !(threshold > 0)) {
            throw new IllegalArgumentException("decision threshold must be a positive distance for model "
                    + descriptor.id() + " (its distances are never negative): " + threshold);
        }
        this.decoder = new ImageDecoder(settings.limits());
        this.models = new PipelineModels(runtime, modelsDir, descriptor, descriptorDir, settings.presentation());
        this.finder = new FaceFinder(models.detector, settings);
    }

    /** Opens the pipeline on the ONNX files in {@code modelsDir} with default settings. */
    public static FacePipeline open(Path modelsDir) {
        return open(modelsDir, PipelineSettings.DEFAULTS);
    }

    /** Opens the pipeline with the build's default recognition model in {@code modelsDir} (the fusion). */
    public static FacePipeline open(Path modelsDir, PipelineSettings settings) {
        return open(modelsDir, ModelsFolder.defaultDescriptor(modelsDir), settings);
    }

    /**
     * Opens the pipeline with the detector and landmark models of {@code modelsDir} and the recognition model
     * described by {@code descriptorFile} (its ONNX file resolved against the descriptor's folder).
     * @throws IllegalArgumentException when the descriptor is invalid or the configured threshold cannot be
     *                                  resolved from it
     * @throws org.facegate.inference.InferenceException when a model is missing or does not fit its descriptor
     */
    public static FacePipeline open(Path modelsDir, Path descriptorFile, PipelineSettings settings) {
        RecognitionDescriptor d;
        try {
            d = RecognitionDescriptor.load(descriptorFile);
        } catch (java.io.IOException e) {
            throw new org.facegate.inference.InferenceException("cannot read model descriptor " + descriptorFile
                    + ": " + e.getMessage() + " (build the models with `mvn -B -DskipTests package` or"
                    + " `facegate import-models --faceplugin TARBALL`)", e);
        }
        Path dir = descriptorFile.toAbsolutePath().getParent();
        return open(modelsDir, d, dir, settings);
    }

    /** As {@link #open(Path, Path, PipelineSettings)} with a descriptor already in memory. */
    public static FacePipeline open(Path modelsDir, RecognitionDescriptor descriptor, Path descriptorDir,
            PipelineSettings settings) {
        return new FacePipeline(settings, new OnnxRuntime(settings.inference()), modelsDir, descriptor,
                descriptorDir);
    }

    public PipelineSettings settings() {
        return settings;
    }

    /** The recognition descriptor: one model or a fusion of several. */
    public RecognitionDescriptor descriptor() {
        return descriptor;
    }

    /** The execution provider the recognition network actually runs on. */
    public ExecutionProvider provider() {
        return models.provider();
    }

    @Override
    public String modelId() {
        return descriptor.id();
    }

    /** The descriptor's distance: the model's metric, or the fused score of the members' distances. */
    @Override
    public double distance(Embedding a, Embedding b) {
        return descriptor.distance(a, b);
    }

    @Override
    public List<String> memberModelIds() {
        return descriptor.members().stream().map(ModelDescriptor::id).toList();
    }

    @Override
    public double[] memberDistances(Embedding a, Embedding b) {
        return descriptor.memberDistances(a, b);
    }

    @Override
    public Optional<TemplateComparison> comparisonFor(String templateModelId) {
        return TemplateComparison.of(descriptor, threshold, templateModelId);
    }

    /** The configured threshold: the descriptor's calibrated one unless the settings say otherwise. */
    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public FaceAnalysis analyse(byte[] image, ImageRole role) {
        return analyseAll(List.of(image), role).get(0);
    }

    @Override
    public List<FaceAnalysis> analyseAll(List<byte[]> images, ImageRole role) {
        return analyseAll(images, role, null);
    }

    /** As {@link #analyseAll(List, ImageRole)}; a live face is judged by its gate group's PAD model. */
    @Override
    public List<FaceAnalysis> analyseAll(List<byte[]> images, ImageRole role, List<String> gateIds) {
        int n = images.size();
        FaceAnalysis[] results = new FaceAnalysis[n];
        double[] decodeMs = new double[n];
        List<Integer> decodedIdx = new ArrayList<>();
        List<RgbImage> decoded = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            DecodeResult r = decoder.decode(images.get(i));
            decodeMs[i] = ms(System.nanoTime() - t0);
            if (r instanceof DecodeResult.Failed f) {
                results[i] = new FaceAnalysis.Rejected(f.problem(), f.detail(),
                        new StageTimings(decodeMs[i], 0, 0, 0, 0));
            } else {
                decodedIdx.add(i);
                decoded.add(((DecodeResult.Decoded) r).image());
            }
        }
        if (!decoded.isEmpty()) {
            analyseDecoded(decoded, decodedIdx, decodeMs, results, role, gateIds);
        }
        return Arrays.asList(results);
    }

    /**
     * As {@link #analyseAll} for photos the caller has already decoded (decode time 0), without the PAD stage: for
     * evaluation tools that also need the pixels, so that a photo is not decoded twice.
     */
    public List<FaceAnalysis> analyseDecoded(List<RgbImage> images) {
        FaceAnalysis[] results = new FaceAnalysis[images.size()];
        if (!images.isEmpty()) {
            analyseDecoded(images, java.util.stream.IntStream.range(0, images.size()).boxed().toList(),
                    new double[images.size()], results, ImageRole.ENROLMENT, null);
        }
        return Arrays.asList(results);
    }

    /** @param gateIds by the caller's photo index ({@code idx}'s values); null: no gates, all in the default group */
    private void analyseDecoded(List<RgbImage> decoded, List<Integer> idx, double[] decodeMs,
            FaceAnalysis[] results, ImageRole role, List<String> gateIds) {
        long t0 = System.nanoTime();
        List<FaceFinder.Found> found = finder.find(decoded);
        double detectMs = ms(System.nanoTime() - t0) / decoded.size();
        List<RgbImage> faceImages = new ArrayList<>();
        List<Detection> chosen = new ArrayList<>();
        List<Integer> chosenIdx = new ArrayList<>();
        for (int k = 0; k < decoded.size(); k++) {
            int i = idx.get(k);
            StageTimings t = new StageTimings(decodeMs[i], detectMs, 0, 0, 0);
            if (found.get(k) instanceof FaceFinder.Missing missing) {
                results[i] = new FaceAnalysis.Rejected(missing.problem(), missing.detail(), t);
                continue;
            }
            faceImages.add(decoded.get(k));
            chosen.add(((FaceFinder.Chosen) found.get(k)).detection());
            chosenIdx.add(i);
        }
        PadScore[] presentation = new PadScore[chosen.size()];
        double padMs = 0;
        if (models.pad != null && role == ImageRole.LIVE && !chosen.isEmpty()) {
            long tp = System.nanoTime();
            List<PadScore> scores = models.pad.score(faceImages, chosen,
                    chosenIdx.stream().map(i -> gateIds == null ? null : gateIds.get(i)).toList());
            padMs = ms(System.nanoTime() - tp) / chosen.size();
            for (int k = chosen.size() - 1; k >= 0; k--) {
                if (scores.get(k).attack()) { // no landmarks, no embedding: nothing is compared for an attack
                    int i = chosenIdx.get(k);
                    results[i] = new FaceAnalysis.Rejected(FaceProblem.PRESENTATION_ATTACK, String.format(
                            "the live image was judged a presentation attack (PAD score %.3f, threshold %.3f)",
                            scores.get(k).score(), scores.get(k).threshold()),
                            new StageTimings(decodeMs[i], detectMs, 0, 0, 0, padMs), scores.get(k));
                    faceImages.remove(k);
                    chosen.remove(k);
                    chosenIdx.remove(k);
                }
            }
            presentation = scores.stream().filter(PadScore::bonaFide).toArray(PadScore[]::new);
        }
        if (chosen.isEmpty()) {
            return;
        }
        long t1 = System.nanoTime();
        Landmarks[] landmarks = models.landmarker.landmarks(faceImages, chosen.stream().map(Detection::box).toList(),
                settings.landmarkPasses());
        double landmarksMs = ms(System.nanoTime() - t1) / chosen.size();
        FaceEmbedder.Timed embedded = MemberEmbedders.embed(models.embedders, faceImages, landmarks);
        double alignMs = ms(embedded.alignNanos()) / chosen.size();
        double embedMs = ms(embedded.embedNanos()) / chosen.size();
        for (int k = 0; k < chosen.size(); k++) {
            int i = chosenIdx.get(k);
            StageTimings t = new StageTimings(decodeMs[i], detectMs, landmarksMs, alignMs, embedMs, padMs);
            FaceQuality q = embedded.quality()[k];
            Optional<QualityGate.Failure> bad = settings.quality().enabled() ? settings.quality().check(q)
                    : Optional.empty();
            results[i] = bad.isPresent()
                    ? new FaceAnalysis.Rejected(bad.get().problem(), bad.get().detail(), t)
                    : new FaceAnalysis.Embedded(embedded.embeddings()[k], chosen.get(k).box(), chosen.get(k).score(), t,
                            landmarks[k], q, presentation[k]);
        }
    }

    /**
     * The ONNX file each recognition network runs, in member order, as "model id: file" (the int8 graph on the CPU
     * provider when the descriptor has one, else the fp32 graph).
     */
    public List<String> recognitionGraphs() {
        return models.recognitionGraphs();
    }

    /** The face finder (detection, retry cascade, selection): for tools that need only the face's box. */
    public FaceFinder finder() {
        return finder;
    }

    /** The PAD model of the pipeline, or null when presentation-attack detection is off. */
    public PresentationAttackDetector presentationAttackDetector() {
        return models.pad == null ? null : models.pad.detector();
    }

    /** The detector input for a photo's first pass ({@link FaceFinder}). */
    int firstPassSize(RgbImage img) {
        return finder.firstPassSize(img);
    }

    /** A face with everything the pipeline knows about it: for the {@code embed} command and evaluation. */
    public record FoundFace(Detection detection, Landmarks landmarks, Embedding embedding) {
    }

    /**
     * Every face in the photo (no selection, no size rule), each embedded. Empty when the photo decodes but
     * holds no face; {@link FaceAnalysis.Rejected}-style problems with the bytes come back as the failure.
     */
    public DecodeOr<List<FoundFace>> findAllFaces(byte[] image) {
        DecodeResult r = decoder.decode(image);
        if (r instanceof DecodeResult.Failed f) {
            return new DecodeOr<>(null, f);
        }
        return new DecodeOr<>(findAllFaces(((DecodeResult.Decoded) r).image()), null);
    }

    /** Every face in an already decoded photo, each with landmarks and embedding. */
    public List<FoundFace> findAllFaces(RgbImage img) {
        List<Detection> faces = finder.detectAll(List.of(img)).get(0);
        if (faces.isEmpty()) {
            return List.of();
        }
        List<RgbImage> imgs = faces.stream().map(f -> img).toList();
        Landmarks[] lms = models.landmarker.landmarks(imgs, faces.stream().map(Detection::box).toList(),
                settings.landmarkPasses());
        Embedding[] embs = MemberEmbedders.embed(models.embedders, imgs, lms).embeddings();
        List<FoundFace> out = new ArrayList<>();
        for (int k = 0; k < faces.size(); k++) {
            out.add(new FoundFace(faces.get(k), lms[k], embs[k]));
        }
        return out;
    }

    /** A value, or the reason the photo could not be decoded. */
    public record DecodeOr<T>(T value, DecodeResult.Failed failure) {
    }

    /** Gives the components to benchmarks and tests that time or check stages separately. */
    public TinyFaceDetector detector() {
        return models.detector;
    }

    public FaceLandmarker landmarker() {
        return models.landmarker;
    }

    /** The first member's embedder (the only one for a single model). */
    public FaceEmbedder embedder() {
        return models.embedders.get(0);
    }

    /** Every member's embedder, in member order. */
    public List<FaceEmbedder> embedders() {
        return List.copyOf(models.embedders);
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public void close() {
        models.close();
    }
}
