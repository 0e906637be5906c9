package org.facegate.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which LFW pairs two decision rules get wrong under cross-validation: each pair with its out-of-fold score (rule
 * fitted on the other folds) against the threshold at the target FAR chosen on the other folds, as the held-out FAR
 * and TAR figures count them. The errors only the first rule makes (fixed by the second), those only the second makes
 * (new), and those both make. The lists name the public data set's photos, never embeddings.
 */
public final class ErrorsMoved {

    private ErrorsMoved() {
    }

    /**
     * @param pairs  the evaluated pairs, in the order both rules scored them (a failure policy that keeps every pair)
     * @throws IllegalArgumentException when a rule's scores are not one per pair
     */
    public static Map<String, Object> between(List<LfwPairs.Pair> pairs, PairScoring.Scored before,
            PairScoring.Scored after) {
        if (before.pairs().size() != pairs.size() || after.pairs().size() != pairs.size()) {
            throw new IllegalArgumentException("the two rules must be judged on the same pairs, one score each");
        }
        List<Map<String, Object>> fixed = new ArrayList<>();
        List<Map<String, Object>> introduced = new ArrayList<>();
        List<Map<String, Object>> kept = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            LfwPairs.Pair p = pairs.get(i);
            ScoredPair b = before.pairs().get(i);
            ScoredPair a = after.pairs().get(i);
            if (b.fold() != p.fold() || a.fold() != p.fold() || b.same() != p.same() || a.same() != p.same()) {
                throw new IllegalArgumentException("scores out of the pairs' order at " + i);
            }
            boolean wrongBefore = (b.distance() < threshold(before, p.fold())) != p.same();
            boolean wrongAfter = (a.distance() < threshold(after, p.fold())) != p.same();
            if (wrongBefore && !wrongAfter) {
                fixed.add(row(p, b, a));
            } else if (!wrongBefore && wrongAfter) {
                introduced.add(row(p, b, a));
            } else if (wrongBefore) {
                kept.add(row(p, b, a));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", "each pair's out-of-fold score against the threshold at the target FAR chosen on the other folds");
        out.put("errorsBefore", count(fixed, kept));
        out.put("errorsAfter", count(introduced, kept));
        out.put("fixed", fixed);
        out.put("introduced", introduced);
        out.put("unchanged", kept);
        return out;
    }

    private static double threshold(PairScoring.Scored s, int fold) {
        int[] folds = s.kFold().folds();
        for (int k = 0; k < folds.length; k++) {
            if (folds[k] == fold) {
                return s.kFold().farThreshold()[k];
            }
        }
        throw new IllegalArgumentException("fold " + fold + " was not cross-validated");
    }

    private static Map<String, Object> count(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        long falseRejects = a.stream().filter(r -> (Boolean) r.get("same")).count()
                + b.stream().filter(r -> (Boolean) r.get("same")).count();
        long falseAccepts = a.size() + b.size() - falseRejects;
        return Map.of("falseRejects", falseRejects, "falseAccepts", falseAccepts);
    }

    private static Map<String, Object> row(LfwPairs.Pair p, ScoredPair before, ScoredPair after) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("fold", p.fold());
        r.put("same", p.same());
        r.put("first", p.first());
        r.put("second", p.second());
        r.put("before", before.distance());
        r.put("after", after.distance());
        return r;
    }
}
