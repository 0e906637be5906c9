package org.facegate.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.facegate.inference.ModelDescriptor.ReferencePoint;
import org.facegate.vision.AlignmentGeometry;
import org.facegate.vision.FaceAnalyser;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceQuality;
import org.facegate.vision.ImageRole;
import org.facegate.vision.QualityGate;

/**
 * The LFW verification protocol over a face analyser: every distinct image of the chosen pairs goes once
 * through the whole pipeline (decode, detect, select, landmarks, align, embed), in batches spread over several
 * caller threads; then each pair gets its distance (or the failure policy's), and {@link VerificationMetrics}
 * turns the pairs into 10-fold accuracy, ROC, AUC, EER, TAR at fixed FARs and a calibrated threshold. The
 * quality gate's criteria are applied afterwards to report what it would reject and what that does to accuracy.
 */
public final class LfwEvaluation {

    /** False-match rates reported in the calibration table (only those the number of impostor pairs supports). */
    static final double[] TABLE_RATES = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1};

    private final FaceAnalyser analyser;
    private final int chipSize;
    private final int batchSize;
    private final int threads;

    /**
     * @param chipSize  the recognition chip side, for reporting reference points in face-api's square crop
     * @param batchSize photos per {@link FaceAnalyser#analyseAll} call
     * @param threads   caller threads running batches concurrently
     */
    public LfwEvaluation(FaceAnalyser analyser, int chipSize, int batchSize, int threads) {
        if (batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("batch size and threads must be at least 1");
        }
        this.analyser = analyser;
        this.chipSize = chipSize;
        this.batchSize = batchSize;
        this.threads = threads;
    }

    /**
     * The balanced subset of {@code pairs}: per fold, the first {@code ceil(maxPairs / (2 * folds))} same-person
     * and as many different-person pairs; all pairs when {@code maxPairs <= 0}.
     */
    public static List<LfwPairs.Pair> limit(List<LfwPairs.Pair> pairs, int maxPairs) {
        if (maxPairs <= 0) {
            return pairs;
        }
        long folds = pairs.stream().mapToInt(LfwPairs.Pair::fold).distinct().count();
        long perHalf = Math.max(1, (maxPairs + 2 * folds - 1) / (2 * folds));
        Map<String, Integer> taken = new java.util.HashMap<>();
        List<LfwPairs.Pair> out = new ArrayList<>();
        for (LfwPairs.Pair p : pairs) {
            String key = p.fold() + "/" + p.same();
            int n = taken.getOrDefault(key, 0);
            if (n < perHalf) {
                taken.put(key, n + 1);
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Runs the pipeline on every image (paths relative to {@code imagesDir}); results already in {@code known}
     * are reused. A missing file is a failure {@code MISSING_FILE}.
     */
    public Map<String, ImageResult> embedAll(Path imagesDir, List<String> images, Map<String, ImageResult> known,
            Progress progress) throws IOException, InterruptedException {
        Map<String, ImageResult> results = new ConcurrentHashMap<>();
        List<String> todo = new ArrayList<>();
        for (String img : images) {
            ImageResult r = known.get(img);
            if (r != null) {
                results.put(img, r);
            } else {
                todo.add(img);
            }
        }
        progress.advance(results.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "eval-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < todo.size(); i += batchSize) {
                List<String> batch = todo.subList(i, Math.min(todo.size(), i + batchSize));
                futures.add(pool.submit(() -> {
                    runBatch(imagesDir, batch, results);
                    progress.advance(batch.size());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private void runBatch(Path imagesDir, List<String> batch, Map<String, ImageResult> results) throws IOException {
        List<String> present = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (String img : batch) {
            Path file = imagesDir.resolve(img);
            if (Files.isRegularFile(file)) {
                present.add(img);
                bytes.add(Files.readAllBytes(file));
            } else {
                results.put(img, ImageResult.failed(img, "MISSING_FILE"));
            }
        }
        if (bytes.isEmpty()) {
            return;
        }
        List<FaceAnalysis> analysed = analyser.analyseAll(bytes, ImageRole.LIVE);
        for (int k = 0; k < present.size(); k++) {
            String img = present.get(k);
            if (analysed.get(k) instanceof FaceAnalysis.Embedded e) {
                Map<ReferencePoint, double[]> pts = e.landmarks() == null ? null
                        : AlignmentGeometry.inSquareCrop(e.landmarks(), chipSize);
                results.put(img, new ImageResult(img, e.embedding(), null, e.quality(), pts));
            } else {
                results.put(img, ImageResult.failed(img, ((FaceAnalysis.Rejected) analysed.get(k)).problem().name()));
            }
        }
    }

    /** Distances for the pairs under a failure policy ({@link FailurePolicy#EXCLUDE} drops failed pairs). */
    public List<ScoredPair> score(List<LfwPairs.Pair> pairs, Map<String, ImageResult> images, FailurePolicy policy) {
        return score(pairs, images, policy, analyser::distance);
    }

    /** The same with any distance between two embedded images (one member's, for a fusion's report). */
    static List<ScoredPair> score(List<LfwPairs.Pair> pairs, Map<String, ImageResult> images, FailurePolicy policy,
            java.util.function.ToDoubleBiFunction<org.facegate.inference.Embedding, org.facegate.inference.Embedding> distance) {
        List<ScoredPair> out = new ArrayList<>(pairs.size());
        for (LfwPairs.Pair p : pairs) {
            ImageResult a = images.get(p.first());
            ImageResult b = images.get(p.second());
            if (a.embedded() && b.embedded()) {
                out.add(new ScoredPair(p.fold(), p.same(), distance.applyAsDouble(a.embedding(), b.embedding())));
            } else if (policy != FailurePolicy.EXCLUDE) {
                out.add(new ScoredPair(p.fold(), p.same(), policy.failedDistance(p.same())));
            }
        }
        return out;
    }

    /** Everything the report says about one set of scored pairs. */
    public static Map<String, Object> statistics(List<ScoredPair> scored, double targetFar) {
        return statistics(scored, VerificationMetrics.kFold(scored, targetFar), targetFar);
    }

    /**
     * The same with a cross-validation done elsewhere ({@link FusionEvaluation}: scores refitted per held-out fold);
     * {@code scored} then holds each pair's out-of-fold score for the curves, AUC, EER and TAR figures.
     */
    public static Map<String, Object> statistics(List<ScoredPair> scored, VerificationMetrics.KFold k,
            double targetFar) {
        Map<String, Object> r = new LinkedHashMap<>();
        long same = scored.stream().filter(ScoredPair::same).count();
        r.put("pairs", scored.size());
        r.put("samePairs", same);
        r.put("differentPairs", scored.size() - same);
        Map<String, Object> acc = new LinkedHashMap<>();
        acc.put("mean", k.meanAccuracy());
        acc.put("std", k.stdAccuracy());
        acc.put("standardError", k.stdAccuracy() / Math.sqrt(k.folds().length));
        acc.put("crossValidated", k.crossValidated());
        acc.put("folds", k.folds());
        acc.put("perFold", k.accuracy());
        acc.put("thresholdPerFold", k.threshold());
        acc.put("meanThreshold", k.meanThreshold());
        r.put("accuracy", acc);
        double best = VerificationMetrics.bestThreshold(scored);
        r.put("bestSingleThreshold", Map.of("threshold", best, "accuracy", VerificationMetrics.accuracy(scored, best)));
        r.put("auc", VerificationMetrics.auc(scored));
        r.put("eer", VerificationMetrics.eer(scored));
        r.put("tarAtFar1e-2", VerificationMetrics.tarAtFar(scored, 0.01));
        r.put("tarAtFar1e-3", VerificationMetrics.tarAtFar(scored, 0.001));
        Map<String, Object> cal = new LinkedHashMap<>();
        cal.put("targetFar", targetFar);
        double t = VerificationMetrics.thresholdAtFar(scored, targetFar);
        cal.put("threshold", t);
        cal.put("farAtThreshold", VerificationMetrics.far(scored, t));
        cal.put("tarAtThreshold", VerificationMetrics.tar(scored, t));
        cal.put("heldOutMeanFar", k.meanHeldOutFar());
        cal.put("heldOutMeanTar", k.meanHeldOutTar());
        cal.put("heldOutFarPerFold", k.heldOutFar());
        cal.put("thresholdPerFold", k.farThreshold());
        long impostors = scored.size() - same;
        List<Map<String, Object>> table = new ArrayList<>();
        for (double rate : TABLE_RATES) {
            if (rate * impostors >= 1 - 1e-9) {
                double tr = VerificationMetrics.thresholdAtFar(scored, rate);
                if (Double.isFinite(tr)) {
                    table.add(Map.of("falseMatchRate", rate, "distance", tr, "tar", VerificationMetrics.tar(scored, tr)));
                }
            }
        }
        cal.put("byFalseMatchRate", table);
        r.put("calibration", cal);
        return r;
    }

    /** Counts of failed images by problem, in a stable order. */
    public static Map<String, Integer> failuresByProblem(Map<String, ImageResult> images) {
        Map<String, Integer> out = new TreeMap<>();
        images.values().stream().filter(r -> !r.embedded()).forEach(r -> out.merge(r.problem(), 1, Integer::sum));
        return out;
    }

    /**
     * What the quality gate with these limits would do: images it rejects (by criterion), and the statistics of
     * the pairs whose images all pass (failed images stay under the failure policy).
     */
    public Map<String, Object> qualityGateEffect(List<LfwPairs.Pair> pairs, Map<String, ImageResult> images,
            QualityGate gate, FailurePolicy policy, double targetFar) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("limits", gate);
        Map<String, Integer> byCriterion = new TreeMap<>();
        java.util.Set<String> rejected = new java.util.HashSet<>();
        for (ImageResult img : images.values()) {
            if (img.embedded()) {
                gate.check(img.quality()).ifPresent(f -> {
                    byCriterion.merge(f.criterion(), 1, Integer::sum);
                    rejected.add(img.path());
                });
            }
        }
        r.put("rejectedImages", rejected.size());
        r.put("rejectedByCriterion", byCriterion);
        List<LfwPairs.Pair> kept = pairs.stream()
                .filter(p -> !rejected.contains(p.first()) && !rejected.contains(p.second())).toList();
        r.put("pairsRemoved", pairs.size() - kept.size());
        r.put("kept", statistics(score(kept, images, policy), targetFar));
        return r;
    }

    /** Percentiles of each quality measure over the embedded images (to choose gate limits). */
    public static Map<String, Object> qualityDistribution(Map<String, ImageResult> images) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<FaceQuality> qs = images.values().stream().filter(ImageResult::embedded).map(ImageResult::quality)
                .toList();
        Map<String, java.util.function.ToDoubleFunction<FaceQuality>> measures = new LinkedHashMap<>();
        measures.put("interEyePx", FaceQuality::interEyePx);
        measures.put("absYawDeg", q -> Math.abs(q.yawDeg()));
        measures.put("absRollDeg", q -> Math.abs(q.rollDeg()));
        measures.put("sharpness", FaceQuality::sharpness);
        measures.put("brightness", FaceQuality::brightness);
        measures.put("clippedFraction", FaceQuality::clippedFraction);
        double[] ps = {1, 5, 50, 95, 99};
        measures.forEach((name, f) -> {
            double[] v = qs.stream().mapToDouble(f).filter(Double::isFinite).sorted().toArray();
            Map<String, Double> m = new LinkedHashMap<>();
            for (double p : ps) {
                m.put("p" + (int) p, v.length == 0 ? Double.NaN : v[(int) Math.min(v.length - 1, Math.floor(p / 100 * v.length))]);
            }
            out.put(name, m);
        });
        return out;
    }

    /**
     * Mean position (and standard deviation) of each reference point in face-api's square crop over the embedded
     * images: the similarity template that reproduces that crop's scale and position without its rotation.
     */
    public static Map<String, Object> squareCropTemplate(Map<String, ImageResult> images) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<ReferencePoint, double[]> sum = new EnumMap<>(ReferencePoint.class);
        int n = 0;
        for (ImageResult r : images.values()) {
            if (r.squareCropPoints() == null) {
                continue;
            }
            n++;
            r.squareCropPoints().forEach((p, xy) -> {
                double[] s = sum.computeIfAbsent(p, x -> new double[4]);
                s[0] += xy[0];
                s[1] += xy[1];
                s[2] += xy[0] * xy[0];
                s[3] += xy[1] * xy[1];
            });
        }
        out.put("faces", n);
        for (Map.Entry<ReferencePoint, double[]> e : sum.entrySet()) {
            double[] s = e.getValue();
            double mx = s[0] / n;
            double my = s[1] / n;
            out.put(e.getKey().json(), Map.of("mean", new double[] {mx, my}, "std",
                    new double[] {Math.sqrt(Math.max(0, s[2] / n - mx * mx)), Math.sqrt(Math.max(0, s[3] / n - my * my))}));
        }
        return out;
    }

    static double[] copy(double[] v) {
        return Arrays.copyOf(v, v.length);
    }
}
