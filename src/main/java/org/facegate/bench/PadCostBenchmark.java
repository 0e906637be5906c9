package org.facegate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;

/**
 * What presentation-attack detection costs a live photo: the same photos through the pipeline with PAD and without,
 * in interleaved windows on one caller thread (its CPU time is the photo's: ONNX Runtime runs on the caller). The
 * pipeline with PAD is judged at threshold 0, so every face goes on to landmarks and embedding as a genuine
 * traveller's does: the cost of the extra stage, not the savings of skipping an attack's embedding.
 */
public final class PadCostBenchmark {

    private static final int BATCH = 8;

    private final FacePipeline withPad;
    private final FacePipeline withoutPad;
    private final List<byte[]> photos;

    /**
     * @param withPad    a pipeline whose PAD threshold is 0
     * @param withoutPad the same pipeline with PAD off
     */
    public PadCostBenchmark(FacePipeline withPad, FacePipeline withoutPad, List<byte[]> photos) {
        if (withPad.presentationAttackDetector() == null || withoutPad.presentationAttackDetector() != null) {
            throw new IllegalArgumentException("needs one pipeline with PAD and one without");
        }
        this.withPad = withPad;
        this.withoutPad = withoutPad;
        this.photos = photos;
    }

    /** {@code repeats} windows of at least {@code seconds} each per pipeline, alternating which goes first. */
    public Map<String, Object> run(double seconds, int repeats) {
        pass(withPad, new double[1]);
        pass(withoutPad, new double[1]);
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> padMs = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            double a;
            double b;
            double[] pad = new double[1];
            if (r % 2 == 0) {
                a = cpuMsPerPhoto(withPad, seconds, pad);
                b = cpuMsPerPhoto(withoutPad, seconds, new double[1]);
            } else {
                b = cpuMsPerPhoto(withoutPad, seconds, new double[1]);
                a = cpuMsPerPhoto(withPad, seconds, pad);
            }
            on.add(a);
            off.add(b);
            ratios.add(a / b);
            padMs.add(pad[0]);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "one caller thread, batches of " + BATCH + ", LIVE role; PAD at threshold 0 so every face is"
                + " also embedded; " + repeats + " interleaved windows of >= " + seconds + " s per pipeline");
        m.put("padModel", withPad.presentationAttackDetector().modelId());
        m.put("cpuMsPerPhotoWithPad", RepeatSummary.of(on).toJson());
        m.put("cpuMsPerPhotoWithoutPad", RepeatSummary.of(off).toJson());
        m.put("withToWithoutRatio", RepeatSummary.of(ratios).toJson());
        m.put("padStageMsPerFace", RepeatSummary.of(padMs).toJson());
        return m;
    }

    /** Whole passes over the photos until {@code seconds} have gone by; CPU ms per photo of this thread. */
    private double cpuMsPerPhoto(FacePipeline pipeline, double seconds, double[] padMsPerFace) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long done = 0;
        double[] pad = new double[2];
        do {
            done += pass(pipeline, pad);
        } while ((System.nanoTime() - t0) / 1e9 < seconds);
        padMsPerFace[0] = pad[1] == 0 ? 0 : pad[0] / pad[1];
        return (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / done;
    }

    /** One pass; adds the PAD stage's ms and the faces it saw to {@code pad[0]} and {@code pad[1]}. */
    private int pass(FacePipeline pipeline, double[] pad) {
        for (int i = 0; i < photos.size(); i += BATCH) {
            for (FaceAnalysis a : pipeline.analyseAll(photos.subList(i, Math.min(photos.size(), i + BATCH)),
                    ImageRole.LIVE)) {
                if (pad.length > 1 && a.timings().padMs() > 0) {
                    pad[0] += a.timings().padMs();
                    pad[1]++;
                }
            }
        }
        return photos.size();
    }
}
