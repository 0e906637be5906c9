package org.facegate.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facegate.inference.ModelDescriptor;

/**
 * Turns the evaluation's report map (what {@code report.json} holds) into the human-readable forms: the
 * console summary, {@code report.md}, and a descriptor carrying the calibrated threshold.
 * <p>
 * {@code report.json} fields: {@code command}, {@code date}, {@code dataset}, {@code protocol}, {@code folds},
 * {@code model} (id, descriptor, metric, input, alignment, flipAverage), {@code pipeline} (detector, retry,
 * selection), {@code images} (total, embedded, failed, failuresByProblem, failedImages, seconds,
 * imagesPerSecond), {@code failurePolicy}, {@code pairsWithAFailedImage}, {@code results} (accuracy mean/std/
 * perFold/thresholds, bestSingleThreshold, auc, eer, tarAtFar1e-2, tarAtFar1e-3, calibration with threshold at
 * the target FAR, held-out FAR/TAR and a byFalseMatchRate table), {@code resultsOnPairsWithBothFaces} (same, only
 * when some pairs failed), {@code qualityGate} (limits, rejected images by criterion, results on the kept pairs),
 * {@code qualityDistribution} (percentiles) and {@code referencePointsInSquareCrop}.
 */
public final class EvaluationReport {

    private EvaluationReport() {
    }

    public static Path cacheFile(Path outDir, String configuration) {
        return EmbeddingCache.file(outDir, configuration);
    }

    public static Map<String, ImageResult> readCache(Path file) throws IOException {
        return EmbeddingCache.read(file);
    }

    public static void writeCache(Path file, Map<String, ImageResult> results) throws IOException {
        EmbeddingCache.write(file, results);
    }

    /** A few lines for the terminal. */
    public static String summary(Map<String, Object> report) {
        Map<String, Object> r = map(report.get("results"));
        Map<String, Object> acc = map(r.get("accuracy"));
        Map<String, Object> cal = map(r.get("calibration"));
        Map<String, Object> img = map(report.get("images"));
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "LFW %s pairs, %s images (%s without a face: %s), %.0f s, %.1f images/s%n",
                r.get("pairs"), img.get("total"), img.get("failed"), img.get("failuresByProblem"),
                num(img.get("seconds")), num(img.get("imagesPerSecond"))));
        s.append(String.format(Locale.ROOT, "accuracy %s %.2f %% +- %.2f (threshold %.4f)%n",
                Boolean.TRUE.equals(acc.get("crossValidated")) ? "(k-fold)" : "(one fold, not cross-validated)",
                100 * num(acc.get("mean")), 100 * num(acc.get("std")), num(acc.get("meanThreshold"))));
        s.append(String.format(Locale.ROOT, "AUC %.5f, EER %.2f %%, TAR %.2f %% at FAR 1 %%, %.2f %% at FAR 0.1 %%%n",
                num(r.get("auc")), 100 * num(r.get("eer")), 100 * num(r.get("tarAtFar1e-2")),
                100 * num(r.get("tarAtFar1e-3"))));
        s.append(String.format(Locale.ROOT, "threshold at FAR %s: %.4f (held-out FAR %.3f %%, TAR %.2f %%)%n",
                cal.get("targetFar"), num(cal.get("threshold")), 100 * num(cal.get("heldOutMeanFar")),
                100 * num(cal.get("heldOutMeanTar"))));
        Map<String, Object> gate = map(report.get("qualityGate"));
        Map<String, Object> kept = map(map(gate.get("kept")).get("accuracy"));
        s.append(String.format(Locale.ROOT, "quality gate would reject %s images %s; accuracy on the %s kept pairs %.2f %%%n",
                gate.get("rejectedImages"), gate.get("rejectedByCriterion"), map(gate.get("kept")).get("pairs"),
                100 * num(kept.get("mean"))));
        return s.toString();
    }

    /** {@code report.md}. */
    public static String markdown(Map<String, Object> report) {
        Map<String, Object> r = map(report.get("results"));
        Map<String, Object> acc = map(r.get("accuracy"));
        Map<String, Object> cal = map(r.get("calibration"));
        Map<String, Object> img = map(report.get("images"));
        Map<String, Object> model = map(report.get("model"));
        Map<String, Object> pipe = map(report.get("pipeline"));
        StringBuilder s = new StringBuilder();
        s.append("# LFW evaluation: ").append(model.get("id")).append("\n\n");
        s.append("`").append(report.get("command")).append("`  \n");
        s.append(report.get("date")).append(", ").append(report.get("protocol")).append(".\n\n");
        s.append("| | |\n|---|---|\n");
        if (model.get("members") instanceof List<?> members) {
            row(s, "model", model.get("id") + ", a fusion of " + members.size() + " models");
            for (Object m : members) {
                row(s, "member", describeModel(map(m)));
            }
        } else {
            row(s, "model", describeModel(model));
        }
        row(s, "detector", "tiny face detector at " + pipe.get("detectorInputSize") + ", retry " + pipe.get("retry"));
        row(s, "landmarks", "68-point net, " + pipe.get("landmarkPasses") + " pass(es)");
        row(s, "face selection", pipe.get("selection"));
        row(s, "pairs", r.get("pairs") + " (" + r.get("samePairs") + " same, " + r.get("differentPairs") + " different)");
        row(s, "images", img.get("total") + ", " + img.get("failed") + " without a usable face " + img.get("failuresByProblem"));
        row(s, "failures", report.get("failurePolicy") + "; " + report.get("pairsWithAFailedImage") + " pairs affected");
        if (report.get("cohortNormalisation") != null) {
            Map<String, Object> c = map(report.get("cohortNormalisation"));
            row(s, "decision", c.get("id") + ": " + c.get("rule") + " (the figures below; the quality gate's line is"
                    + " the plain fusion's)");
            Map<String, Object> plain = map(report.get("resultsWithoutCohort"));
            Map<String, Object> plainCal = map(plain.get("calibration"));
            row(s, "without the cohort", String.format(Locale.ROOT, "accuracy %.2f %% +- %.2f, TAR at FAR 0.1 %% %.2f %%,"
                    + " held out FAR %.3f %%, TAR %.2f %%", 100 * num(map(plain.get("accuracy")).get("mean")),
                    100 * num(map(plain.get("accuracy")).get("std")), 100 * num(plain.get("tarAtFar1e-3")),
                    100 * num(plainCal.get("heldOutMeanFar")), 100 * num(plainCal.get("heldOutMeanTar"))));
            if (c.get("errorsMoved") != null) {
                Map<String, Object> moved = map(c.get("errorsMoved"));
                row(s, "errors moved (cross-validated)", String.format(Locale.ROOT, "%s fixed, %s new, %s in both;"
                        + " false rejects / accepts %s / %s without the cohort, %s / %s with it",
                        ((List<?>) moved.get("fixed")).size(), ((List<?>) moved.get("introduced")).size(),
                        ((List<?>) moved.get("unchanged")).size(), map(moved.get("errorsBefore")).get("falseRejects"),
                        map(moved.get("errorsBefore")).get("falseAccepts"), map(moved.get("errorsAfter")).get("falseRejects"),
                        map(moved.get("errorsAfter")).get("falseAccepts")));
            }
        }
        row(s, "**accuracy**", String.format(Locale.ROOT, "**%.2f %% +- %.2f** (%s; mean threshold %.4f)",
                100 * num(acc.get("mean")), 100 * num(acc.get("std")),
                Boolean.TRUE.equals(acc.get("crossValidated")) ? "each fold's threshold chosen on the others, std over folds"
                        : "one fold: threshold chosen on the same fold, not cross-validated",
                num(acc.get("meanThreshold"))));
        Map<String, Object> best = map(r.get("bestSingleThreshold"));
        row(s, "best single threshold (all pairs)", String.format(Locale.ROOT, "%.2f %% at %.4f",
                100 * num(best.get("accuracy")), num(best.get("threshold"))));
        row(s, "ROC AUC", String.format(Locale.ROOT, "%.5f", num(r.get("auc"))));
        row(s, "EER", String.format(Locale.ROOT, "%.2f %%", 100 * num(r.get("eer"))));
        row(s, "TAR at FAR 1 %", String.format(Locale.ROOT, "%.2f %%", 100 * num(r.get("tarAtFar1e-2"))));
        row(s, "TAR at FAR 0.1 %", String.format(Locale.ROOT, "%.2f %%", 100 * num(r.get("tarAtFar1e-3"))));
        row(s, "threshold at FAR " + cal.get("targetFar"), String.format(Locale.ROOT,
                "%.4f on all pairs; held out (chosen on 9 folds, tested on the 10th): FAR %.3f %%, TAR %.2f %%",
                num(cal.get("threshold")), 100 * num(cal.get("heldOutMeanFar")), 100 * num(cal.get("heldOutMeanTar"))));
        long cached = img.get("fromCache") instanceof Number n ? n.longValue() : 0;
        row(s, "speed", String.format(Locale.ROOT, "%.1f images/s (%.0f s)", num(img.get("imagesPerSecond")),
                num(img.get("seconds"))) + (cached > 0 ? ", " + cached + " images from the cache (not timed)" : ""));
        if (report.containsKey("accuracyIfFailedPairsAreErrors")) {
            Map<String, Object> strict = map(report.get("accuracyIfFailedPairsAreErrors"));
            row(s, "accuracy if every pair with a failed image is an error", String.format(Locale.ROOT,
                    "%.2f %% +- %.2f", 100 * num(strict.get("mean")), 100 * num(strict.get("std"))));
        }
        if (report.containsKey("resultsOnPairsWithBothFaces")) {
            Map<String, Object> both = map(report.get("resultsOnPairsWithBothFaces"));
            row(s, "accuracy on pairs with both faces", String.format(Locale.ROOT, "%.2f %% (%s pairs)",
                    100 * num(map(both.get("accuracy")).get("mean")), both.get("pairs")));
        }
        s.append("\n## Thresholds by false-match rate\n\n| FAR | distance | TAR |\n|---|---|---|\n");
        for (Object o : (List<?>) cal.get("byFalseMatchRate")) {
            Map<String, Object> m = map(o);
            s.append(String.format(Locale.ROOT, "| %s | %.4f | %.2f %% |%n", m.get("falseMatchRate"),
                    num(m.get("distance")), 100 * num(m.get("tar"))));
        }
        Map<String, Object> gate = map(report.get("qualityGate"));
        Map<String, Object> kept = map(gate.get("kept"));
        s.append("\n## Quality gate (limits ").append(gate.get("limits")).append(")\n\n");
        s.append(String.format(Locale.ROOT, "Would reject %s images %s; %s pairs removed. On the %s kept pairs: "
                + "accuracy %.2f %% +- %.2f, TAR at FAR 0.1 %% %.2f %%.%n", gate.get("rejectedImages"),
                gate.get("rejectedByCriterion"), gate.get("pairsRemoved"), kept.get("pairs"),
                100 * num(map(kept.get("accuracy")).get("mean")), 100 * num(map(kept.get("accuracy")).get("std")),
                100 * num(kept.get("tarAtFar1e-3"))));
        s.append("\n## Quality measures (percentiles over embedded images)\n\n| measure | p1 | p5 | p50 | p95 | p99 |\n"
                + "|---|---|---|---|---|---|\n");
        map(report.get("qualityDistribution")).forEach((k, v) -> {
            Map<String, Object> p = map(v);
            s.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", k, num(p.get("p1")),
                    num(p.get("p5")), num(p.get("p50")), num(p.get("p95")), num(p.get("p99"))));
        });
        s.append("\n## Per fold\n\n| fold | accuracy | threshold |\n|---|---|---|\n");
        int[] folds = (int[]) acc.get("folds");
        double[] perFold = (double[]) acc.get("perFold");
        double[] thr = (double[]) acc.get("thresholdPerFold");
        for (int i = 0; i < folds.length; i++) {
            s.append(String.format(Locale.ROOT, "| %d | %.2f %% | %.4f |%n", folds[i], 100 * perFold[i], thr[i]));
        }
        List<?> failed = (List<?>) img.get("failedImages");
        if (!failed.isEmpty()) {
            s.append("\n## Images without a usable face\n\n");
            for (Object f : failed.subList(0, Math.min(50, failed.size()))) {
                s.append("- ").append(f).append('\n');
            }
            if (failed.size() > 50) {
                s.append("- ... ").append(failed.size() - 50).append(" more in report.json\n");
            }
        }
        s.append("\nPlots: `roc.png` (TAR against log FAR), `det.png` (FRR against FAR, both log).\n");
        return s.toString();
    }

    /**
     * The descriptor with the threshold calibrated by this evaluation: the distance at the target FAR on all
     * evaluated pairs, its held-out FAR and TAR, the command and date, and the by-rate table.
     * @throws IllegalArgumentException when the data give no finite threshold (too few different-person pairs)
     */
    public static ModelDescriptor calibrated(ModelDescriptor d, Map<String, Object> report) {
        return d.withThreshold(threshold(map(map(report.get("results")).get("calibration")), report));
    }

    /**
     * The threshold a calibration table (a report's {@code results.calibration} or a fusion's
     * {@code calibrationOfFitOnAllPairs}) gives at its target FAR, with where it came from.
     * @throws IllegalArgumentException when the data give no finite threshold (too few different-person pairs)
     */
    public static ModelDescriptor.Threshold threshold(Map<String, Object> cal, Map<String, Object> report) {
        return threshold(cal, report, "results");
    }

    /** The same with the held-out figures of the report's entry {@code resultsKey} (a rule other than the main one). */
    public static ModelDescriptor.Threshold threshold(Map<String, Object> cal, Map<String, Object> report,
            String resultsKey) {
        double t = num(cal.get("threshold"));
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("no usable threshold at FAR " + cal.get("targetFar") + ": " + t);
        }
        List<ModelDescriptor.FarPoint> table = new ArrayList<>();
        for (Object o : (List<?>) cal.get("byFalseMatchRate")) {
            Map<String, Object> m = map(o);
            table.add(new ModelDescriptor.FarPoint(num(m.get("falseMatchRate")), num(m.get("distance"))));
        }
        Map<String, Object> r = map(report.get(resultsKey));
        String dataset = "LFW " + r.get("pairs") + " pairs (" + report.get("dataset") + "), failures "
                + report.get("failurePolicy");
        // Held-out figures are the cross-validation's, whichever scores the threshold itself came from.
        Map<String, Object> heldOut = map(r.get("calibration"));
        return new ModelDescriptor.Threshold(t, new ModelDescriptor.Calibration(
                num(cal.get("targetFar")), num(heldOut.get("heldOutMeanFar")), num(heldOut.get("heldOutMeanTar")), dataset,
                String.valueOf(report.get("command")), String.valueOf(report.get("date"))), table);
    }

    /** "id (input, metric), alignment [+ flip averaging]" of one model's entry in the report. */
    private static String describeModel(Map<String, Object> model) {
        return model.get("id") + " (" + model.get("input") + ", " + model.get("metric") + "), " + model.get("alignment")
                + (Boolean.TRUE.equals(model.get("flipAverage")) ? " + flip averaging" : "");
    }

    private static void row(StringBuilder s, String k, Object v) {
        s.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
