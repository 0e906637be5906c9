package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.facegate.config.UsageException;
import org.facegate.evaluation.CohortPlan;
import org.facegate.evaluation.ErrorsMoved;
import org.facegate.evaluation.EvaluationReport;
import org.facegate.evaluation.FailureGallery;
import org.facegate.evaluation.FailurePolicy;
import org.facegate.evaluation.ImageResult;
import org.facegate.evaluation.LfwEvaluation;
import org.facegate.evaluation.LfwPairs;
import org.facegate.evaluation.Progress;
import org.facegate.evaluation.ReportPlots;
import org.facegate.evaluation.ScoredPair;
import org.facegate.evaluation.VerificationMetrics;
import org.facegate.evaluation.GalleryPhotos;
import org.facegate.evaluation.PairScoring;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelsFolder;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.FaceSelector;
import org.facegate.vision.PipelineSettings;

/**
 * {@code eval lfw --dataset DIR [--out DIR] [--folds 1-10 (default: all)] [--max-pairs N] [--target-far 0.001]
 * [--failures different|error|exclude] [--model DESCRIPTOR] [--alignment face-api-square|similarity|similarity-5]
 * [--flip on|off] [--retry none|default|original|zero:0.25,edge:0.5,zero:0@320] [--workers 2] [--batch 8] [--cache]
 * [--write-descriptor FILE] [--gallery N] [--json] [--cohort folds|population|none] [--cohort-k K]
 * [--cohort-members all|1,2|ID,...] [--cohort-size N]}: the LFW verification protocol over the whole face pipeline.
 * With a fusion whose descriptor has a cohort rule (or with {@code --cohort}), the decision is the cohort-normalised
 * one (AS-norm; per fold a cohort of the other folds' photos, {@code docs/accuracy.md}); the plain fusion is reported
 * next to it ({@code resultsWithoutCohort}) with the errors that moved between the two.
 * Writes {@code report.json}, {@code report.md}, {@code roc.png} and {@code det.png} into {@code --out} (default
 * {@code results/eval-lfw}); see {@link EvaluationReport}. {@code --gallery N} adds {@code gallery.png} and
 * {@code gallery.json}, the N pairs the calibrated decision gets most wrong ({@link FailureGallery}). Faces are
 * selected with the CENTRAL rule (LFW centres its subject).
 */
final class EvalLfwProtocol {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Prefix of a pair's first photo as embedded by {@code --enrolled-with}'s model. */
    private static final String ENROLLED = "enrolled-with:";

    private EvalLfwProtocol() {
    }

    /** Runs {@code eval lfw}; the caller has checked that the protocol is lfw. */
    static int run(Arguments args) throws Exception {
        Path dataset = Path.of(args.option("dataset").orElseThrow(() -> new UsageException("--dataset DIR is required")));
        Path out = Path.of(args.option("out", "results/eval-lfw"));
        String foldSpec = args.option("folds").orElse(null);
        int maxPairs = args.intOption("max-pairs", 0);
        double targetFar = EvalLfwOptions.doubleOption(args, "target-far", 0.001);
        if (!(targetFar > 0 && targetFar < 1)) {
            throw new UsageException("--target-far must be between 0 and 1");
        }
        FailurePolicy policy;
        try {
            policy = FailurePolicy.parse(args.option("failures", "different"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int workers = args.intOption("workers", Runtime.getRuntime().availableProcessors());
        int batch = args.intOption("batch", 8);
        boolean cache = args.flag("cache");
        boolean json = args.flag("json");
        Path writeDescriptor = args.option("write-descriptor").map(Path::of).orElse(null);
        Path enrolledWith = args.option("enrolled-with").map(Path::of).orElse(null);
        int gallery = args.intOption("gallery", 0);
        if (gallery < 0) {
            throw new UsageException("--gallery takes the number of pairs to show (0: no gallery)");
        }
        Path pairsFile = dataset.resolve("pairs.txt");
        Path imagesDir = dataset.resolve("images");
        if (!Files.isRegularFile(pairsFile) || !Files.isDirectory(imagesDir)) {
            throw new UsageException("no LFW data set at " + dataset + " (expected pairs.txt and images/)");
        }
        LfwPairs all;
        try {
            all = LfwPairs.read(pairsFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(pairsFile + ": " + e.getMessage());
        }
        Set<Integer> folds = EvalLfwOptions.parseFolds(foldSpec == null ? "1-" + all.folds() : foldSpec);
        for (int f : folds) {
            if (f > all.folds()) {
                throw new UsageException("fold " + f + " does not exist: " + pairsFile + " has " + all.folds());
            }
        }
        List<LfwPairs.Pair> pairs = LfwEvaluation.limit(all.pairsOfFolds(folds), maxPairs);
        List<String> images = LfwPairs.images(pairs);

        PipelineSettings settings = PipelineOptions.settings(args, false).withSelection(FaceSelector.Rule.CENTRAL)
                .withPresentation(org.facegate.pad.PadSettings.OFF);
        if (args.option("retry").isPresent()) {
            settings = settings.withRetry(EvalLfwOptions.parseRetry(args.option("retry").get()));
        }
        Path models = PipelineOptions.modelsDir(args);
        Path descriptorFile = args.option("model").map(Path::of)
                .orElseGet(() -> ModelsFolder.defaultDescriptor(models));
        RecognitionDescriptor descriptor;
        try {
            descriptor = RecognitionDescriptor.load(descriptorFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (descriptor instanceof ModelDescriptor single) {
            descriptor = EvalLfwOptions.override(single, args);
        } else if (args.option("alignment").isPresent() || args.option("flip").isPresent()) {
            throw new UsageException("--alignment and --flip apply to one model; set them in the member descriptors"
                    + " of the fusion " + descriptor.id());
        }
        CohortPlan cohortPlan = EvalLfwOptions.cohortPlan(args, descriptor, folds.size());
        if (cohortPlan != null && enrolledWith != null) {
            throw new UsageException("--enrolled-with scores the plain fusion (a pair's two photos come from different"
                    + " graphs, a cohort from one): add --cohort none");
        }
        ModelDescriptor first = descriptor.members().get(0);
        Map<String, Object> report = new LinkedHashMap<>();
        List<ScoredPair> scored;
        PairScoring scoring;
        PairScoring.Scored main;
        PairScoring.Scored plain;
        Map<String, ImageResult> results;
        long start = System.nanoTime();
        try (FacePipeline pipeline = FacePipeline.open(models, descriptor,
                descriptorFile.toAbsolutePath().getParent(), settings)) {
            args.rejectUnknown();
            Files.createDirectories(out);
            Embedded embedded = embed(pipeline, descriptor, settings, imagesDir, images, cache ? out : null,
                    workers, batch, String.format(Locale.ROOT, "%d pairs in folds %s, ", pairs.size(), folds));
            results = embedded.results();
            Map<String, ImageResult> known = embedded.known();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (enrolledWith != null) {
                // Templates enrolled with another model's graphs: the first photo of each pair from it.
                RecognitionDescriptor enrolDescriptor = RecognitionDescriptor.load(enrolledWith);
                try (FacePipeline enrol = FacePipeline.open(models, enrolDescriptor,
                        enrolledWith.toAbsolutePath().getParent(), settings)) {
                    List<String> firsts = pairs.stream().map(LfwPairs.Pair::first).distinct().sorted().toList();
                    Map<String, ImageResult> enrolled = embed(enrol, enrolDescriptor, settings, imagesDir, firsts,
                            cache ? out : null, workers, batch, "templates enrolled with " + enrolledWith + ": ").results();
                    Map<String, ImageResult> both = new java.util.HashMap<>(results);
                    enrolled.forEach((path, r) -> both.put(ENROLLED + path, r));
                    results = both;
                    pairs = pairs.stream().map(p -> new LfwPairs.Pair(p.fold(), p.same(), ENROLLED + p.first(),
                            p.second())).toList();
                }
            }
            scoring = new PairScoring(descriptor, pipeline, pairs, results, targetFar);
            plain = scoring.score(policy);
            main = cohortPlan == null ? plain : scoring.scoreWithCohort(policy, cohortPlan);
            scored = main.pairs();
            PairScoring.Scored excluding = cohortPlan == null ? scoring.score(FailurePolicy.EXCLUDE)
                    : scoring.scoreWithCohort(FailurePolicy.EXCLUDE, cohortPlan);
            String decisionId = cohortPlan == null ? descriptor.id() : cohortPlan.id();
            if (gallery > 0 && enrolledWith == null) {
                new FailureGallery(new GalleryPhotos(pipeline), imagesDir, decisionId, pipeline.memberModelIds())
                        .write(out, scoring.outcomes(main), PairScoring.threshold(main), targetFar, gallery);
            }

            report.put("command", "java -jar target/facegate.jar eval " + String.join(" ", args.raw()));
            report.put("date", Instant.now().toString());
            report.put("dataset", dataset.toString());
            report.put("protocol", all.folds() + " folds of " + all.pairsPerHalf() + " same + " + all.pairsPerHalf()
                    + " different pairs; threshold chosen on the other folds, tested on each");
            report.put("folds", folds);
            report.put("maxPairs", maxPairs);
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("id", descriptor.id());
            model.put("descriptor", descriptorFile.toString());
            List<Map<String, Object>> members = new ArrayList<>();
            for (ModelDescriptor m : descriptor.members()) {
                Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("id", m.id());
                mm.put("metric", m.metric().name().toLowerCase(Locale.ROOT));
                mm.put("input", m.input().width() + "x" + m.input().height() + " " + m.input().layout() + " "
                        + m.input().channelOrder());
                mm.put("alignment", m.alignment().method().json());
                mm.put("flipAverage", m.flipAverage());
                members.add(mm);
            }
            if (members.size() == 1) {
                model.putAll(members.get(0));
            } else {
                model.put("kind", "fusion");
                model.put("members", members);
            }
            if (enrolledWith != null) {
                model.put("enrolledWith", enrolledWith.toString() + ": the first photo of every pair (the template)"
                        + " embedded by this descriptor's graphs, the second (the live image) by the model above");
            }
            report.put("model", model);
            Map<String, Object> pipe = new LinkedHashMap<>();
            pipe.put("provider", pipeline.provider().name());
            pipe.put("detectorInputSize", settings.detectorInputSize());
            pipe.put("landmarkPasses", settings.landmarkPasses());
            pipe.put("detectorScoreThreshold", settings.scoreThreshold());
            pipe.put("retry", settings.retry().toString());
            pipe.put("selection", "CENTRAL: the face nearest the image centre (LFW centres its subject)");
            pipe.put("qualityGateInPipeline", settings.quality().enabled());
            report.put("pipeline", pipe);
            Map<String, Object> imgs = new LinkedHashMap<>();
            imgs.put("total", results.size());
            imgs.put("embedded", results.values().stream().filter(ImageResult::embedded).count());
            imgs.put("failed", results.values().stream().filter(r -> !r.embedded()).count());
            imgs.put("failuresByProblem", LfwEvaluation.failuresByProblem(results));
            imgs.put("failedImages", results.values().stream().filter(r -> !r.embedded()).map(ImageResult::path)
                    .sorted().toList());
            imgs.put("seconds", seconds);
            imgs.put("imagesPerSecond", (results.size() - known.size()) / seconds);
            imgs.put("fromCache", known.size());
            report.put("images", imgs);
            long failedPairs = pairs.size() - excluding.pairs().size();
            report.put("failurePolicy", policy.name().toLowerCase(Locale.ROOT) + ": " + policy.description());
            report.put("pairsWithAFailedImage", failedPairs);
            report.put("results", main.statistics(targetFar));
            if (scoring.isFusion()) {
                report.put("fusion", main.fusion().report());
                report.put("membersAlone", scoring.memberStatistics(policy));
            }
            if (cohortPlan != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("id", cohortPlan.id());
                c.put("rule", cohortPlan.describe());
                c.put("k", cohortPlan.k());
                c.put("normalisedMembers", cohortPlan.normalisedMembers());
                c.put("source", cohortPlan.source());
                Map<String, Object> perFold = new LinkedHashMap<>();
                main.cohorts().forEach((fold, v) -> perFold.put(fold == 0 ? "all" : Integer.toString(fold), v));
                c.put("cohorts", perFold);
                if (policy != FailurePolicy.EXCLUDE) {
                    c.put("errorsMoved", ErrorsMoved.between(pairs, plain, main));
                }
                report.put("cohortNormalisation", c);
                report.put("resultsWithoutCohort", plain.statistics(targetFar));
                report.put("fusionWithoutCohort", plain.fusion().report());
            }
            if (failedPairs > 0 && policy != FailurePolicy.ERROR) {
                // The strictest reading: every pair with a failed image is a wrong decision.
                VerificationMetrics.KFold strict = (cohortPlan == null ? scoring.score(FailurePolicy.ERROR)
                        : scoring.scoreWithCohort(FailurePolicy.ERROR, cohortPlan)).kFold();
                report.put("accuracyIfFailedPairsAreErrors", Map.of("mean", strict.meanAccuracy(), "std",
                        strict.stdAccuracy()));
            }
            if (failedPairs > 0) {
                report.put("resultsOnPairsWithBothFaces", excluding.statistics(targetFar));
            }
            report.put("qualityGate", new LfwEvaluation(pipeline, first.input().width(), batch, workers).qualityGateEffect(pairs, results, settings.quality(), policy, targetFar));
            report.put("qualityDistribution", LfwEvaluation.qualityDistribution(results));
            report.put("referencePointsInSquareCrop", LfwEvaluation.squareCropTemplate(results));
        }
        Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(report));
        String md = EvaluationReport.markdown(report);
        Files.writeString(out.resolve("report.md"), md);
        String title = descriptor.id() + ", " + describeAlignment(descriptor) + ", LFW " + pairs.size() + " pairs";
        List<ReportPlots.Curve> curves = List.of(new ReportPlots.Curve("failures: " + policy.name().toLowerCase(Locale.ROOT),
                VerificationMetrics.roc(scored)));
        ReportPlots.roc(curves, "ROC: " + title, targetFar, out.resolve("roc.png"));
        ReportPlots.det(curves, "DET: " + title, out.resolve("det.png"));
        System.out.print(EvaluationReport.summary(report));
        System.out.println("written: " + out.resolve("report.json") + ", report.md, roc.png, det.png"
                + (gallery > 0 ? ", " + FailureGallery.PNG + ", " + FailureGallery.JSON_FILE : ""));
        if (writeDescriptor != null) {
            RecognitionDescriptor calibrated;
            if (cohortPlan == null) {
                calibrated = scoring.calibrated(main, report);
            } else {
                calibrated = ((FusionDescriptor) scoring.calibrated(plain, report, "resultsWithoutCohort"))
                        .withCohortNormalisation(scoring.cohortRule(main, cohortPlan, report, "results"));
            }
            calibrated.write(writeDescriptor);
            System.out.println("written: " + writeDescriptor + " (threshold " + calibrated.threshold().distance()
                    + (calibrated instanceof FusionDescriptor f && f.cohortNormalisation() != null
                            ? ", with a cohort " + f.cohortNormalisation().threshold().distance() : "") + ")");
        }
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(report));
        }
        return 0;
    }

    /** "similarity + flip", or each member's for a fusion. */
    private static String describeAlignment(RecognitionDescriptor d) {
        return String.join(" | ", d.members().stream().map(m -> m.alignment().method().json()
                + (m.flipAverage() ? " + flip" : "")).toList());
    }

    private record Embedded(Map<String, ImageResult> results, Map<String, ImageResult> known) {
    }

    /** Embeds {@code images} (reading and writing the cache in {@code cacheDir} unless null). */
    private static Embedded embed(FacePipeline pipeline, RecognitionDescriptor descriptor, PipelineSettings settings,
            Path imagesDir, List<String> images, Path cacheDir, int workers, int batch, String what) throws Exception {
        // What shapes the embeddings: the member models (a fusion's weights do not; they are refitted here).
        String configuration = String.join("", descriptor.members().stream().map(ModelDescriptor::toJson).toList())
                + settings.detectorInputSize() + settings.retry()
                + settings.scoreThreshold() + settings.selection() + settings.quality() + settings.minFaceSize()
                + " landmarkPasses=" + settings.landmarkPasses();
        Path cacheFile = null;
        Map<String, ImageResult> known = Map.of();
        if (cacheDir != null) {
            cacheFile = EvaluationReport.cacheFile(cacheDir, configuration);
            known = EvaluationReport.readCache(cacheFile);
        }
        System.err.printf(Locale.ROOT, "eval lfw: %s%d images (%d cached), model %s, %s"
                + " alignment, %d workers x batch %d on %s%n", what, images.size(),
                known.size(), descriptor.id(), describeAlignment(descriptor), workers, batch, pipeline.provider());
        LfwEvaluation eval = new LfwEvaluation(pipeline, descriptor.members().get(0).input().width(), batch, workers);
        Map<String, ImageResult> results = eval.embedAll(imagesDir, images, known,
                Progress.forConsole("eval lfw", images.size()));
        if (cacheFile != null) {
            EvaluationReport.writeCache(cacheFile, results);
        }
        return new Embedded(results, known);
    }
}
