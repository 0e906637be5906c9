package org.facegate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.facegate.cohort.Cohort;
import org.facegate.cohort.CohortDecision;
import org.facegate.cohort.CohortNormaliser;
import org.facegate.inference.Embedding;
import org.facegate.inference.FusionDescriptor;

/**
 * What deciding against a cohort adds to a check, in CPU milliseconds of the calling thread: a chip check (the live
 * face and the chip photo placed in the cohort, one normalised score) and an enrolment check against {@code templates}
 * templates (the live face and each template placed, one score each), as {@code CheckProcessor} does them. The cohort
 * is {@code size} random embeddings of the fusion's shape: the cost depends on the cohort's size and the normalised
 * members' dimensions, not on whose faces they are (no biometric data needed to measure it).
 */
public final class CohortCostBenchmark {

    private final FusionDescriptor fusion;
    private final int size;
    private final int templates;

    /** @param fusion a fusion with a cohort rule (its k and normalised members are what is measured) */
    public CohortCostBenchmark(FusionDescriptor fusion, int size, int templates) {
        if (fusion.cohortNormalisation() == null) {
            throw new IllegalArgumentException(fusion.id() + " has no cohort rule to measure");
        }
        if (size < 2 || templates < 1) {
            throw new IllegalArgumentException("a cohort of at least 2 faces and at least 1 template");
        }
        this.fusion = fusion;
        this.size = size;
        this.templates = templates;
    }

    /** {@code repeats} windows of at least {@code seconds} per kind of check; the medians and every window. */
    public Map<String, Object> run(double seconds, int repeats) {
        Random random = new Random(21);
        List<Embedding> faces = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            faces.add(randomFace(random));
        }
        CohortDecision decision = new CohortDecision(fusion, Cohort.of(fusion.members(), faces), 0, "random");
        Embedding live = randomFace(random);
        List<Embedding> enrolled = new ArrayList<>();
        for (int t = 0; t < templates; t++) {
            enrolled.add(randomFace(random));
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Double> chip = new ArrayList<>();
        List<Double> enrolment = new ArrayList<>();
        double sink = 0;
        for (int r = 0; r <= repeats; r++) { // the first window warms up
            long start = cpu.getCurrentThreadCpuTime();
            long wallEnd = System.nanoTime() + (long) (seconds * 1e9);
            int n = 0;
            while (System.nanoTime() < wallEnd || n < 3) {
                sink += decision.score(live, decision.scale(live), enrolled.get(0), decision.scale(enrolled.get(0)))
                        .normalised();
                n++;
            }
            double chipMs = (cpu.getCurrentThreadCpuTime() - start) / 1e6 / n;
            start = cpu.getCurrentThreadCpuTime();
            wallEnd = System.nanoTime() + (long) (seconds * 1e9);
            n = 0;
            while (System.nanoTime() < wallEnd || n < 3) {
                CohortNormaliser.FaceScale liveScale = decision.scale(live);
                for (Embedding t : enrolled) {
                    sink += decision.score(live, liveScale, t, decision.scale(t)).normalised();
                }
                n++;
            }
            double enrolmentMs = (cpu.getCurrentThreadCpuTime() - start) / 1e6 / n;
            if (r > 0) {
                chip.add(chipMs);
                enrolment.add(enrolmentMs);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cohortFaces", size);
        out.put("k", fusion.cohortNormalisation().k());
        out.put("normalisedMembers", fusion.cohortNormalisation().normalisedMembers());
        out.put("chipCheckCpuMs", median(chip));
        out.put("enrolmentCheckTemplates", templates);
        out.put("enrolmentCheckCpuMs", median(enrolment));
        out.put("chipCheckCpuMsPerWindow", chip);
        out.put("enrolmentCheckCpuMsPerWindow", enrolment);
        out.put("checksum", sink == 42 ? 1 : 0); // keeps the work from being optimised away
        return out;
    }

    private Embedding randomFace(Random random) {
        float[] v = new float[fusion.dimension()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return new Embedding(v);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
