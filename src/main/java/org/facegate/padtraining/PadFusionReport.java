package org.facegate.padtraining;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures of a {@link PadFusionTraining.Result}, as rows for a JSON report and as tables for the terminal: for
 * each system (the fusion and each member alone, each at its own threshold), each source and class: photos, failures
 * to acquire (no face found; not counted in the rates, as ISO/IEC 30107-3 reports them) and the out-of-fold BPCER or
 * APCER; the fusion per subject of sources with one fold per subject; and each source left out.
 */
public final class PadFusionReport {

    private PadFusionReport() {
    }

    /** One row per system, source and class; {@code rows} are all photos, with and without a face. */
    public static List<Map<String, Object>> perSource(PadFusionTraining.Result r, List<PadMemberInputs.Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        TreeSet<String> sources = new TreeSet<>();
        rows.forEach(row -> sources.add(row.photo().source()));
        for (PadFusionTraining.Scored sys : r.systems()) {
            for (String s : sources) {
                for (boolean attack : new boolean[] {false, true}) {
                    long photos = rows.stream().filter(row -> row.photo().source().equals(s)
                            && row.photo().photo().attack() == attack).count();
                    if (photos == 0) {
                        continue;
                    }
                    List<Integer> idx = indices(r, i -> r.faces().get(i).photo().source().equals(s)
                            && r.faces().get(i).photo().photo().attack() == attack);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("system", sys.name());
                    m.put("source", s);
                    m.put("class", attack ? "attack" : "bona fide");
                    m.put("fitted", rows.stream().anyMatch(row -> row.photo().source().equals(s) && row.photo().fit()));
                    m.put("photos", photos);
                    m.put("failuresToAcquire", photos - idx.size());
                    m.put("threshold", sys.threshold());
                    m.put(attack ? "apcer" : "bpcer", errors(sys.scores(), idx, sys.threshold(), attack));
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** The fusion's out-of-fold rates per subject, for sources whose folds are their subjects. */
    public static List<Map<String, Object>> perSubject(PadFusionTraining.Result r) {
        PadFusionTraining.Scored fused = r.systems().get(0);
        Map<String, List<Integer>> bySubject = new TreeMap<>();
        for (int i = 0; i < r.faces().size(); i++) {
            SourceFolds.SourcePhoto p = r.faces().get(i).photo();
            if (p.fit() && p.fold().equals(p.source() + ":" + p.photo().subject())) {
                bySubject.computeIfAbsent(p.fold(), k -> new ArrayList<>()).add(i);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        bySubject.forEach((subject, idx) -> {
            List<Integer> bf = idx.stream().filter(i -> !r.faces().get(i).photo().photo().attack()).toList();
            List<Integer> at = idx.stream().filter(i -> r.faces().get(i).photo().photo().attack()).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", subject);
            m.put("bonaFide", bf.size());
            m.put("attacks", at.size());
            m.put("bpcer", errors(fused.scores(), bf, fused.threshold(), false));
            m.put("apcer", errors(fused.scores(), at, fused.threshold(), true));
            out.add(m);
        });
        return out;
    }

    /** One row per source left out and system. */
    public static List<Map<String, Object>> leaveOneSourceOut(PadFusionTraining.Result r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PadFusionTraining.HeldOut h : r.leaveOneSourceOut()) {
            List<Integer> bf = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < h.live().length; i++) {
                (h.live()[i] ? bf : at).add(i);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("heldOut", h.source());
            m.put("system", h.system());
            m.put("threshold", h.threshold());
            m.put("bonaFide", bf.size());
            m.put("attacks", at.size());
            m.put("bpcer", bf.isEmpty() ? null : errors(h.scores(), bf, h.threshold(), false));
            m.put("apcer", at.isEmpty() ? null : errors(h.scores(), at, h.threshold(), true));
            out.add(m);
        }
        return out;
    }

    /** The three tables, for the terminal. */
    public static void print(PrintStream out, List<Map<String, Object>> perSource, List<Map<String, Object>> subjects,
            List<Map<String, Object>> loso) {
        out.printf("%-36s %-22s %-9s %6s %6s %9s %8s%n", "system (threshold)", "source", "class", "photos", "FTA",
                "BPCER", "APCER");
        for (Map<String, Object> m : perSource) {
            out.printf("%-36s %-22s %-9s %6d %6d %9s %8s%n", m.get("system") + String.format(" (%.4f)",
                    (double) m.get("threshold")),
                    m.get("source") + (Boolean.TRUE.equals(m.get("fitted")) ? "" : " (held out)"),
                    m.get("class"), (long) m.get("photos"), (long) m.get("failuresToAcquire"), pct(m.get("bpcer")),
                    pct(m.get("apcer")));
        }
        out.printf("%n%-24s %9s %8s %8s %8s   (fusion, out of fold)%n", "subject", "bona fide", "attacks", "BPCER",
                "APCER");
        for (Map<String, Object> m : subjects) {
            out.printf("%-24s %9d %8d %8s %8s%n", m.get("subject"), (int) m.get("bonaFide"), (int) m.get("attacks"),
                    pct(m.get("bpcer")), pct(m.get("apcer")));
        }
        out.printf("%n%-20s %-36s %9s %9s %8s %8s   (leave one source out)%n", "held out", "system", "threshold",
                "bona fide", "BPCER", "APCER");
        for (Map<String, Object> m : loso) {
            out.printf("%-20s %-36s %9.4f %9d %8s %8s%n", m.get("heldOut"), m.get("system"),
                    (double) m.get("threshold"),
                    (int) m.get("bonaFide"), pct(m.get("bpcer")), pct(m.get("apcer")));
        }
    }

    private static String pct(Object rate) {
        return rate == null ? "" : String.format("%.2f%%", 100 * (double) rate);
    }

    private static double errors(double[] scores, List<Integer> idx, double t, boolean attacks) {
        if (idx.isEmpty()) {
            return 0;
        }
        long wrong = idx.stream().filter(i -> (scores[i] >= t) == attacks).count();
        return (double) wrong / idx.size();
    }

    private static List<Integer> indices(PadFusionTraining.Result r, java.util.function.IntPredicate keep) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r.faces().size(); i++) {
            if (keep.test(i)) {
                out.add(i);
            }
        }
        return out;
    }
}
