package org.facegate.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which LFW pairs two decision rules get wrong, each at its own calibrated threshold: the errors only the first makes
 * (fixed by the second), those only the second makes (new), and those both make. Pairs with a failed photo are left
 * out (every rule decides them alike). The lists name the public data set's photos, never embeddings.
 */
public final class ErrorsMoved {

    private ErrorsMoved() {
    }

    /** {@code before} and {@code after} hold the same pairs in the same order. */
    public static Map<String, Object> between(List<PairOutcome> before, double beforeThreshold, List<PairOutcome> after,
            double afterThreshold) {
        if (before.size() != after.size()) {
            throw new IllegalArgumentException("the two rules must be judged on the same pairs");
        }
        List<Map<String, Object>> fixed = new ArrayList<>();
        List<Map<String, Object>> introduced = new ArrayList<>();
        List<Map<String, Object>> kept = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            PairOutcome b = before.get(i);
            PairOutcome a = after.get(i);
            if (b.failed() || a.failed()) {
                continue;
            }
            boolean wrongBefore = (b.distance() < beforeThreshold) != b.pair().same();
            boolean wrongAfter = (a.distance() < afterThreshold) != a.pair().same();
            if (wrongBefore && !wrongAfter) {
                fixed.add(row(b, a));
            } else if (!wrongBefore && wrongAfter) {
                introduced.add(row(b, a));
            } else if (wrongBefore) {
                kept.add(row(b, a));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("thresholds", Map.of("before", beforeThreshold, "after", afterThreshold));
        out.put("errorsBefore", count(fixed, kept));
        out.put("errorsAfter", count(introduced, kept));
        out.put("fixed", fixed);
        out.put("introduced", introduced);
        out.put("unchanged", kept);
        return out;
    }

    private static Map<String, Object> count(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        long falseRejects = a.stream().filter(r -> (Boolean) r.get("same")).count()
                + b.stream().filter(r -> (Boolean) r.get("same")).count();
        long falseAccepts = a.size() + b.size() - falseRejects;
        return Map.of("falseRejects", falseRejects, "falseAccepts", falseAccepts);
    }

    private static Map<String, Object> row(PairOutcome before, PairOutcome after) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("fold", before.pair().fold());
        r.put("same", before.pair().same());
        r.put("first", before.pair().first());
        r.put("second", before.pair().second());
        r.put("before", before.distance());
        r.put("after", after.distance());
        return r;
    }
}
