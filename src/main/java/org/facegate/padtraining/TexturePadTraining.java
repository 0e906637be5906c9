package org.facegate.padtraining;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.TextureModel;

/**
 * Trains FaceGate's colour-texture PAD model on a data set laid out as {@code nuaa-pad} ({@link PadPhotos}):
 * descriptors of every photo with a face ({@link PadFeatures}), standardised; leave-one-subject-out cross-validation
 * (each subject scored by a model fitted on the others) gives out-of-fold scores for every photo, from which the
 * threshold and the (APCER, BPCER) table are taken, so that they describe people the model has not seen; the shipped
 * coefficients are then fitted on all subjects. No randomness: the same folder gives the same model.
 */
public final class TexturePadTraining {

    /**
     * @param targetBpcer the threshold is the highest score at which the pooled out-of-fold BPCER stays at or below
     *                    this rate
     */
    public record Options(String id, PadDescriptor.Crop crop, int[] radii, double lambda, double targetBpcer,
            CaptureAugmentation augmentation) {
    }

    /** Out-of-fold error rates of one subject at the chosen threshold. */
    public record SubjectResult(String subject, int bonaFide, int attacks, double apcer, double bpcer) {
    }

    /** The trained model and what cross-validation measured. */
    public record Result(TextureModel model, List<SubjectResult> subjects, double apcer, double bpcer, double auc,
            int photos, int withoutFace) {
    }

    private final Options options;

    public TexturePadTraining(Options options) {
        this.options = options;
    }

    public Result train(List<PadFeatures.Sample> samples, String datasetName) {
        List<PadFeatures.Sample> usable = samples.stream().filter(PadFeatures.Sample::hasFace).toList();
        int d = usable.get(0).features().length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        standardisation(usable, mean, scale);
        double[][] xAll = new double[usable.size()][];
        boolean[] liveAll = new boolean[usable.size()];
        for (int i = 0; i < usable.size(); i++) {
            xAll[i] = standardise(usable.get(i).features(), mean, scale);
            liveAll[i] = !usable.get(i).photo().attack();
        }
        // Augmented copies train; only the photos as they are are scored and counted.
        List<Integer> originals = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            if (usable.get(i).copy() == 0) {
                originals.add(i);
            }
        }
        List<PadFeatures.Sample> photos = originals.stream().map(usable::get).toList();
        double[][] x = originals.stream().map(i -> xAll[i]).toArray(double[][]::new);
        boolean[] live = toArray(originals.stream().map(i -> liveAll[i]).toList());
        TreeSet<String> subjects = new TreeSet<>();
        photos.forEach(s -> subjects.add(s.photo().subject()));
        double[] oof = new double[photos.size()];
        LogisticRegression lr = new LogisticRegression(options.lambda());
        for (String held : subjects) {
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < usable.size(); i++) {
                if (!usable.get(i).photo().subject().equals(held)) {
                    train.add(i);
                }
            }
            LogisticRegression.Fit fit = lr.fit(train.stream().map(i -> xAll[i]).toArray(double[][]::new),
                    toArray(train.stream().map(i -> liveAll[i]).toList()));
            for (int i = 0; i < photos.size(); i++) {
                if (photos.get(i).photo().subject().equals(held)) {
                    oof[i] = fit.probability(x[i]);
                }
            }
        }
        double threshold = thresholdAtBpcer(oof, live, options.targetBpcer());
        List<PadDescriptor.OperatingPoint> table = new ArrayList<>();
        for (double target : new double[] {0.01, 0.02, 0.05, 0.10}) {
            double t = thresholdAtBpcer(oof, live, target);
            table.add(new PadDescriptor.OperatingPoint(round(t), round(rate(oof, live, t, true)),
                    round(rate(oof, live, t, false))));
        }
        table.sort(java.util.Comparator.comparingDouble(PadDescriptor.OperatingPoint::threshold));
        List<SubjectResult> bySubject = new ArrayList<>();
        for (String s : subjects) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < photos.size(); i++) {
                if (photos.get(i).photo().subject().equals(s)) {
                    idx.add(i);
                }
            }
            double[] so = idx.stream().mapToDouble(i -> oof[i]).toArray();
            boolean[] sl = toArray(idx.stream().map(i -> live[i]).toList());
            int bf = 0;
            for (boolean b : sl) {
                bf += b ? 1 : 0;
            }
            bySubject.add(new SubjectResult(s, bf, sl.length - bf, rate(so, sl, threshold, true),
                    rate(so, sl, threshold, false)));
        }
        LogisticRegression.Fit all = lr.fit(xAll, liveAll);
        String calibration = String.format(java.util.Locale.ROOT,
                "leave-one-subject-out over the %d subjects of %s (%d photos with a face, %d without; %d augmented"
                        + " copies each in training), threshold at pooled out-of-fold BPCER <= %.3f; facegate train-pad",
                subjects.size(), datasetName, photos.size(), originalCount(samples) - photos.size(),
                options.augmentation().copies(), options.targetBpcer());
        TextureModel model = new TextureModel(1, options.id(), options.crop(), options.radii(), round(mean),
                round(scale), round(all.weights()), round(all.bias()), round(threshold), table, calibration);
        return new Result(model, bySubject, rate(oof, live, threshold, true), rate(oof, live, threshold, false),
                auc(oof, live), originalCount(samples), originalCount(samples) - photos.size());
    }

    private static int originalCount(List<PadFeatures.Sample> samples) {
        return (int) samples.stream().filter(s -> s.copy() == 0).count();
    }

    /** Mean and standard deviation of each feature (1 where a feature never varies). */
    private static void standardisation(List<PadFeatures.Sample> samples, double[] mean, double[] scale) {
        int n = samples.size();
        for (PadFeatures.Sample s : samples) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += s.features()[j] / n;
            }
        }
        for (PadFeatures.Sample s : samples) {
            for (int j = 0; j < mean.length; j++) {
                double dv = s.features()[j] - mean[j];
                scale[j] += dv * dv / n;
            }
        }
        for (int j = 0; j < scale.length; j++) {
            scale[j] = Math.sqrt(scale[j]);
            if (scale[j] < 1e-6) {
                scale[j] = 1;
            }
        }
    }

    private static double[] standardise(double[] f, double[] mean, double[] scale) {
        double[] z = new double[f.length];
        for (int j = 0; j < f.length; j++) {
            z[j] = (f[j] - mean[j]) / scale[j];
        }
        return z;
    }

    /** Attacks at or above {@code t} (APCER) when {@code attacks}, else bona fide below it (BPCER). */
    public static double rate(double[] scores, boolean[] live, double t, boolean attacks) {
        int n = 0;
        int wrong = 0;
        for (int i = 0; i < scores.length; i++) {
            if (live[i] != attacks) {
                n++;
                boolean passed = scores[i] >= t;
                wrong += attacks == passed ? 1 : 0;
            }
        }
        return n == 0 ? 0 : (double) wrong / n;
    }

    /**
     * The highest threshold at which at most {@code target} of the bona fide scores fall below it: the bona fide
     * score of rank floor(target * n), so that exactly that many are rejected.
     */
    public static double thresholdAtBpcer(double[] scores, boolean[] live, double target) {
        double[] bf = java.util.stream.IntStream.range(0, scores.length).filter(i -> live[i]).mapToDouble(i -> scores[i])
                .sorted().toArray();
        int rejected = (int) Math.floor(target * bf.length);
        return bf[Math.min(rejected, bf.length - 1)];
    }

    /** Chance that a bona fide photo scores above an attack (ties count half). */
    public static double auc(double[] scores, boolean[] live) {
        List<double[]> all = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            all.add(new double[] {scores[i], live[i] ? 1 : 0});
        }
        all.sort(java.util.Comparator.comparingDouble(a -> a[0]));
        double rankSum = 0;
        int nLive = 0;
        int i = 0;
        while (i < all.size()) {
            int j = i;
            while (j < all.size() && all.get(j)[0] == all.get(i)[0]) {
                j++;
            }
            double avgRank = (i + j + 1) / 2.0;
            for (int k = i; k < j; k++) {
                if (all.get(k)[1] == 1) {
                    rankSum += avgRank;
                    nLive++;
                }
            }
            i = j;
        }
        int nAttack = all.size() - nLive;
        return (rankSum - nLive * (nLive + 1) / 2.0) / ((double) nLive * nAttack);
    }

    private static boolean[] toArray(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** Coefficients as committed: 9 significant digits, so the JSON is stable and small. */
    private static double round(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.9g", v));
    }

    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = round(v[i]);
        }
        return out;
    }

    /** The per-subject table as ordered maps, for JSON reports. */
    public static List<Map<String, Object>> rows(List<SubjectResult> subjects) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SubjectResult s : subjects) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", s.subject());
            m.put("bonaFide", s.bonaFide());
            m.put("attacks", s.attacks());
            m.put("apcer", s.apcer());
            m.put("bpcer", s.bpcer());
            out.add(m);
        }
        return out;
    }
}
