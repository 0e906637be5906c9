package org.facegate.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the pairs a failure gallery shows: the ones the calibrated decision ({@code distance < threshold} means
 * "same person") gets most wrong. First every pair with a photo that yielded no embedding, in evaluation order
 * (at most {@code n}: they are a different kind of failure and do not take the places of the model's errors);
 * then {@code n} scored pairs: the wrong decisions, ranked by how far their distance lies on the wrong side of the
 * threshold (genuine pairs farthest above it, impostor pairs farthest below it), and when there are fewer than
 * {@code n} of those, the correct decisions nearest the threshold.
 */
public final class FailureRanking {

    private FailureRanking() {
    }

    /** What a row of the gallery shows. */
    public enum Kind {
        /** A photo without an embedding (no face, unreadable file, ...). */
        FAILED_IMAGE,
        /** The calibrated decision is wrong. */
        ERROR,
        /** The decision is right; the pair fills the gallery because it lies near the threshold. */
        CORRECT
    }

    /**
     * A pair in the gallery.
     *
     * @param beyondThreshold how far the distance lies on the wrong side of the threshold: {@code distance -
     *                        threshold} for a genuine pair, {@code threshold - distance} for an impostor pair;
     *                        negative for a correct decision, NaN for a failed pair
     */
    public record Ranked(PairOutcome outcome, Kind kind, double beyondThreshold) {

        public boolean error() {
            return kind != Kind.CORRECT;
        }
    }

    /** The gallery's rows, in order; see the class comment. */
    public static List<Ranked> worst(List<PairOutcome> outcomes, double threshold, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a gallery needs at least one row, not " + n);
        }
        List<Ranked> out = new ArrayList<>();
        outcomes.stream().filter(PairOutcome::failed).sorted(Comparator.comparingInt(PairOutcome::index)).limit(n)
                .forEach(o -> out.add(new Ranked(o, Kind.FAILED_IMAGE, Double.NaN)));
        List<Ranked> scored = new ArrayList<>();
        for (PairOutcome o : outcomes) {
            if (!o.failed()) {
                boolean accepted = o.distance() < threshold;
                boolean wrong = accepted != o.pair().same();
                double beyond = o.pair().same() ? o.distance() - threshold : threshold - o.distance();
                scored.add(new Ranked(o, wrong ? Kind.ERROR : Kind.CORRECT, beyond));
            }
        }
        // Errors before correct pairs (a genuine pair exactly at the threshold is an error, an impostor there is
        // not, both 0 beyond); within each, farthest on the wrong side first; ties in evaluation order.
        scored.sort(Comparator.comparing((Ranked r) -> r.kind() != Kind.ERROR)
                .thenComparing(Ranked::beyondThreshold, Comparator.reverseOrder())
                .thenComparingInt(r -> r.outcome().index()));
        out.addAll(scored.subList(0, Math.min(n, scored.size())));
        return out;
    }
}
