package org.facegate.padtraining;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.facegate.pad.BonaFideLogits;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadFusionCoefficients;
import org.facegate.pad.TextureModel;

/**
 * Fits the default PAD across cameras: the colour-texture model retrained on every fitting source, then a logistic
 * fusion of [texture logit, other members' logits], each (source, class) group weighted equally. Out-of-fold scores
 * come from grouped folds ({@link SourceFolds}): each fold's texture logits from a texture model fitted without that
 * fold, each fold's fused scores from a fusion fitted without it on those out-of-fold logits. Held-out rows (LFW
 * photos in pairs) are scored by the fits on all fitting rows. Thresholds follow one rule ({@link #threshold}); the
 * leave-one-source-out figures refit the texture without the source, the fusion on the other sources' out-of-fold
 * texture logits, and choose the threshold on the other sources. No randomness: the same rows give the same
 * coefficients bit for bit.
 */
public final class PadFusionTraining {

    /** Fusion penalty: the three coefficients are barely regularised. */
    static final double FUSION_LAMBDA = 1e-6;
    private static final double LOGIT_LIMIT = Math.log((1 - BonaFideLogits.PROBABILITY_LIMIT)
            / BonaFideLogits.PROBABILITY_LIMIT);
    private static final double[] TABLE_TARGETS = {0.01, 0.02, 0.03, 0.05, 0.10};

    /**
     * @param memberIds the ids of the other members, in the column order of {@link PadMemberInputs.Row#logits}
     * @param data      what the calibration text names: the sources, folds and the command
     */
    public record Options(String textureId, String fusedId, PadDescriptor.Crop crop, int[] radii, double lambda,
            double targetBpcer, int threads, List<String> memberIds, String data) {
    }

    /** One system's score (bona fide probability) of each face row, and its threshold by the rule. */
    public record Scored(String name, double threshold, double[] scores) {
    }

    /** One system judged on a source it was not fitted or thresholded on. */
    public record HeldOut(String source, String system, double threshold, double[] scores, boolean[] live) {
    }

    /** What the training made and measured; {@code faces} are the rows with a face, in input order. */
    public record Result(TextureModel texture, PadFusionCoefficients fusion, List<PadMemberInputs.Row> faces,
            List<Scored> systems, List<HeldOut> leaveOneSourceOut) {
    }

    private final Options options;

    public PadFusionTraining(Options options) {
        this.options = options;
    }

    public Result train(List<PadMemberInputs.Row> rows) throws Exception {
        List<PadMemberInputs.Row> faces = rows.stream().filter(PadMemberInputs.Row::hasFace).toList();
        int n = faces.size();
        List<Integer> fit = new ArrayList<>();
        boolean[] live = new boolean[n];
        for (int i = 0; i < n; i++) {
            live[i] = !faces.get(i).photo().photo().attack();
            if (faces.get(i).photo().fit()) {
                fit.add(i);
            }
        }
        int d = faces.get(0).features().length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int i : fit) {
            for (int j = 0; j < d; j++) {
                mean[j] += faces.get(i).features()[j] / fit.size();
            }
        }
        for (int i : fit) {
            for (int j = 0; j < d; j++) {
                double v = faces.get(i).features()[j] - mean[j];
                scale[j] += v * v / fit.size();
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] < 1e-12 ? 1 : Math.sqrt(scale[j]);
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (faces.get(i).features()[j] - mean[j]) / scale[j];
            }
        }
        TreeSet<String> folds = new TreeSet<>();
        TreeSet<String> sources = new TreeSet<>();
        fit.forEach(i -> folds.add(fold(faces, i)));
        fit.forEach(i -> sources.add(source(faces, i)));
        // Texture fits: one per fold, one on everything, one per source left out (none where what is left lacks a
        // class); run in parallel, joined in order.
        List<List<Integer>> trainSets = new ArrayList<>();
        for (String f : folds) {
            trainSets.add(fit.stream().filter(i -> !fold(faces, i).equals(f)).toList());
        }
        trainSets.add(fit);
        for (String s : sources) {
            trainSets.add(fit.stream().filter(i -> !source(faces, i).equals(s)).toList());
        }
        LogisticRegression texture = new LogisticRegression(options.lambda());
        List<LogisticRegression.Fit> fits = ChunkedWork.map(trainSets, 1, options.threads(),
                sets -> java.util.Collections.singletonList(bothClasses(sets.get(0), live)
                        ? texture.fit(rows(x, sets.get(0)), labels(live, sets.get(0)), groupWeights(faces, sets.get(0)))
                        : null));
        double[] tex = new double[n];
        int k = 0;
        for (String f : folds) {
            LogisticRegression.Fit fitted = fits.get(k++);
            for (int i : fit) {
                if (fold(faces, i).equals(f)) {
                    tex[i] = logit(fitted, x[i]);
                }
            }
        }
        LogisticRegression.Fit all = fits.get(k++);
        for (int i = 0; i < n; i++) {
            if (!faces.get(i).photo().fit()) {
                tex[i] = logit(all, x[i]);
            }
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] others = faces.get(i).logits();
            z[i] = new double[1 + others.length];
            z[i][0] = tex[i];
            System.arraycopy(others, 0, z[i], 1, others.length);
        }
        LogisticRegression fusion = new LogisticRegression(FUSION_LAMBDA);
        double[] fused = new double[n];
        for (String f : folds) {
            List<Integer> train = fit.stream().filter(i -> !fold(faces, i).equals(f)).toList();
            LogisticRegression.Fit ff = fusion.fit(rows(z, train), labels(live, train), groupWeights(faces, train));
            for (int i : fit) {
                if (fold(faces, i).equals(f)) {
                    fused[i] = ff.probability(z[i]);
                }
            }
        }
        LogisticRegression.Fit fusionAll = fusion.fit(rows(z, fit), labels(live, fit), groupWeights(faces, fit));
        for (int i = 0; i < n; i++) {
            if (!faces.get(i).photo().fit()) {
                fused[i] = fusionAll.probability(z[i]);
            }
        }
        List<Scored> systems = new ArrayList<>();
        systems.add(system(options.fusedId(), fused, faces, fit, live));
        systems.add(system(options.textureId(), column(z, 0), faces, fit, live));
        for (int m = 0; m < options.memberIds().size(); m++) {
            systems.add(system(options.memberIds().get(m), column(z, m + 1), faces, fit, live));
        }
        List<HeldOut> loso = new ArrayList<>();
        for (String s : sources) {
            LogisticRegression.Fit without = fits.get(k++);
            if (without != null) {
                loso.addAll(leaveOut(s, without, fusion, faces, fit, x, z, live, systems));
            }
        }
        String foldText = folds.size() + " grouped folds (" + String.join(", ", folds) + ")";
        TextureModel model = new TextureModel(1, options.textureId(), options.crop(), options.radii(), round(mean),
                round(scale), round(all.weights()), round(all.bias()), round(systems.get(1).threshold()),
                table(systems.get(1).scores(), faces, fit, live), calibration("texture alone", fit, foldText));
        List<String> members = new ArrayList<>();
        members.add(options.textureId());
        members.addAll(options.memberIds());
        List<PadFusionCoefficients.Alone> alone = new ArrayList<>();
        for (Scored sys : systems.subList(1, systems.size())) {
            alone.add(new PadFusionCoefficients.Alone(sys.name(), round(sys.threshold()),
                    table(sys.scores(), faces, fit, live), calibration(sys.name() + " alone", fit, foldText)));
        }
        PadFusionCoefficients coefficients = new PadFusionCoefficients(1, options.fusedId(), members,
                round(fusionAll.bias()), round(fusionAll.weights()), round(systems.get(0).threshold()),
                table(fused, faces, fit, live), calibration("logistic fusion of " + String.join(", ", members)
                        + " (out-of-fold texture logits)", fit, foldText), alone);
        return new Result(model, coefficients, faces, systems, loso);
    }

    /** Source {@code s} judged by each system fitted and thresholded without it. */
    private List<HeldOut> leaveOut(String s, LogisticRegression.Fit without, LogisticRegression fusion,
            List<PadMemberInputs.Row> faces, List<Integer> fit, double[][] x, double[][] z, boolean[] live,
            List<Scored> systems) {
        List<Integer> rest = fit.stream().filter(i -> !source(faces, i).equals(s)).toList();
        List<Integer> held = fit.stream().filter(i -> source(faces, i).equals(s)).toList();
        boolean[] heldLive = labels(live, held);
        LogisticRegression.Fit f = fusion.fit(rows(z, rest), labels(live, rest), groupWeights(faces, rest));
        double[] restFused = new double[z.length];
        rest.forEach(i -> restFused[i] = f.probability(z[i]));
        double[] heldTex = held.stream().mapToDouble(i -> logit(without, x[i])).toArray();
        double[] heldFused = new double[held.size()];
        for (int h = 0; h < held.size(); h++) {
            double[] zi = z[held.get(h)].clone();
            zi[0] = heldTex[h];
            heldFused[h] = f.probability(zi);
        }
        List<HeldOut> out = new ArrayList<>();
        out.add(new HeldOut(s, systems.get(0).name(), threshold(restFused, faces, rest, live, options.targetBpcer()),
                heldFused, heldLive));
        for (int m = 1; m < systems.size(); m++) {
            double[] sc = systems.get(m).scores();
            double[] heldScores = m == 1 ? java.util.Arrays.stream(heldTex).map(BonaFideLogits::sigmoid).toArray()
                    : held.stream().mapToDouble(i -> sc[i]).toArray();
            out.add(new HeldOut(s, systems.get(m).name(), threshold(sc, faces, rest, live, options.targetBpcer()),
                    heldScores, heldLive));
        }
        return out;
    }

    private Scored system(String name, double[] logitsOrScores, List<PadMemberInputs.Row> faces, List<Integer> fit,
            boolean[] live) {
        boolean probabilities = name.equals(options.fusedId());
        double[] scores = probabilities ? logitsOrScores
                : java.util.Arrays.stream(logitsOrScores).map(BonaFideLogits::sigmoid).toArray();
        return new Scored(name, threshold(scores, faces, fit, live, options.targetBpcer()), scores);
    }

    /**
     * The rule: the highest threshold at which every fitting source's bona fide BPCER (rows {@code idx} with a face)
     * is at most {@code target}: the lowest, over those sources, of each one's {@link
     * TexturePadTraining#thresholdAtBpcer}.
     */
    public static double threshold(double[] scores, List<PadMemberInputs.Row> faces, List<Integer> idx,
            boolean[] live, double target) {
        return sourceThresholds(scores, faces, idx, live, target).values().stream().mapToDouble(Double::doubleValue)
                .min().orElse(Double.POSITIVE_INFINITY);
    }

    /** Each source's own threshold at {@code target} (its bona fide scores among rows {@code idx}), by name. */
    public static java.util.Map<String, Double> sourceThresholds(double[] scores, List<PadMemberInputs.Row> faces,
            List<Integer> idx, boolean[] live, double target) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        TreeSet<String> sources = new TreeSet<>();
        idx.forEach(i -> sources.add(source(faces, i)));
        for (String s : sources) {
            double[] sc = idx.stream().filter(i -> live[i] && source(faces, i).equals(s)).mapToDouble(i -> scores[i])
                    .toArray();
            if (sc.length > 0) {
                boolean[] all = new boolean[sc.length];
                java.util.Arrays.fill(all, true);
                out.put(s, TexturePadTraining.thresholdAtBpcer(sc, all, target));
            }
        }
        return out;
    }

    /** Pooled out-of-fold (APCER, BPCER) over the fitting rows at the thresholds the rule picks for a few targets. */
    private static List<PadDescriptor.OperatingPoint> table(double[] scores, List<PadMemberInputs.Row> faces,
            List<Integer> fit, boolean[] live) {
        double[] sc = fit.stream().mapToDouble(i -> scores[i]).toArray();
        boolean[] l = labels(live, fit);
        List<PadDescriptor.OperatingPoint> out = new ArrayList<>();
        for (double target : TABLE_TARGETS) {
            double t = threshold(scores, faces, fit, live, target);
            out.add(new PadDescriptor.OperatingPoint(round(t), round(TexturePadTraining.rate(sc, l, t, true)),
                    round(TexturePadTraining.rate(sc, l, t, false))));
        }
        out.sort(java.util.Comparator.comparingDouble(PadDescriptor.OperatingPoint::threshold));
        return out;
    }

    private String calibration(String what, List<Integer> fit, String folds) {
        return String.format(Locale.ROOT, "%s; threshold: highest at which every fitting source's out-of-fold"
                + " bona fide BPCER <= %.3f (photos with a face); table: pooled out-of-fold (APCER, BPCER) at the"
                + " thresholds that rule gives for BPCER 1, 2, 3, 5, 10 %%; %d fitting photos with a face, each"
                + " (source, class) group weighted equally, lambda %s; %s; %s", what, options.targetBpcer(),
                fit.size(), options.lambda(), folds, options.data());
    }

    /** Weights giving each (source, class) group among {@code idx} an equal share; they sum to 1. */
    static double[] groupWeights(List<PadMemberInputs.Row> faces, List<Integer> idx) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        idx.forEach(i -> counts.merge(group(faces, i), 1, Integer::sum));
        double[] w = new double[idx.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = 1.0 / (counts.size() * counts.get(group(faces, idx.get(k))));
        }
        return w;
    }

    private static String group(List<PadMemberInputs.Row> faces, int i) {
        return source(faces, i) + (faces.get(i).photo().photo().attack() ? "/attack" : "/live");
    }

    static String source(List<PadMemberInputs.Row> faces, int i) {
        return faces.get(i).photo().source();
    }

    private static String fold(List<PadMemberInputs.Row> faces, int i) {
        return faces.get(i).photo().fold();
    }

    private static boolean bothClasses(List<Integer> idx, boolean[] live) {
        return idx.stream().anyMatch(i -> live[i]) && idx.stream().anyMatch(i -> !live[i]);
    }

    /** The texture logit as the runtime reads it from a float probability: within the limit of BonaFideLogits. */
    private static double logit(LogisticRegression.Fit f, double[] x) {
        return Math.max(-LOGIT_LIMIT, Math.min(LOGIT_LIMIT, f.logit(x)));
    }

    private static double[][] rows(double[][] x, List<Integer> idx) {
        return idx.stream().map(i -> x[i]).toArray(double[][]::new);
    }

    static boolean[] labels(boolean[] live, List<Integer> idx) {
        boolean[] out = new boolean[idx.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = live[idx.get(k)];
        }
        return out;
    }

    private static double[] column(double[][] z, int c) {
        return java.util.Arrays.stream(z).mapToDouble(r -> r[c]).toArray();
    }

    static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.9g", v));
    }

    private static double[] round(double[] v) {
        return java.util.Arrays.stream(v).map(PadFusionTraining::round).toArray();
    }
}
