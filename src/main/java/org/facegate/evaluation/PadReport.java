package org.facegate.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.facegate.pad.PadDescriptor;

/**
 * The {@code report.json} of {@code eval pad}: the pooled figures over every source (the fields a one-source run has
 * always written: {@code bonaFide}, {@code attacks}, {@code noFace}, {@code apcer}, {@code bpcer},
 * {@code bpcerAtApcer}, {@code subjects}), then one row per source ({@code sources}) and one per named attack kind
 * ({@code attackKinds}, pooled over the sources). Every row counts photos per class, faces found, failures to acquire
 * ({@code noFace} and the shares {@code fta}), and APCER and BPCER over the photos with a face at the threshold in
 * force ({@link PadEvaluation#rates}); rates that have no photo to count are {@code null}.
 *
 * <p>Takes the scored photos and their labels in the same order; a size mismatch is an
 * {@link IllegalArgumentException}.
 */
public final class PadReport {

    static final String PROTOCOL = "ISO/IEC 30107-3 APCER/BPCER at the model's threshold over the presentations in"
            + " which a face is found; a photo without a face is a failure to acquire, reported apart per class"
            + " (noFace, fta) and in neither APCER nor BPCER";
    private static final double[] APCER_POINTS = {0.01, 0.05, 0.10};
    private static final int MOST_SUBJECT_ROWS = 100;

    private PadReport() {
    }

    /** The report; {@code sources} in the order given on the command line. */
    public static Map<String, Object> build(List<PadEvaluation.Scored> scored, List<PadSources.Labelled> labels,
            List<PadSources.Source> sources, PadDescriptor d, double seconds) {
        if (scored.size() != labels.size()) {
            throw new IllegalArgumentException(scored.size() + " scores for " + labels.size() + " photos");
        }
        double threshold = d.threshold();
        PadEvaluation.Rates all = PadEvaluation.rates(scored, threshold);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("protocol", PROTOCOL);
        r.put("dataset", String.join(", ", sources.stream().map(s -> s.dir().toString()).toList()));
        r.put("model", d.id());
        r.put("threshold", threshold);
        r.put("bonaFide", all.bonaFide());
        r.put("attacks", all.attacks());
        r.put("noFace", perClass(all.bonaFideNoFace(), all.attacksNoFace()));
        r.put("facesFound", perClass(all.bonaFideWithFace(), all.attacksWithFace()));
        r.put("fta", perClass(nullIfNaN(all.bonaFideFta()), nullIfNaN(all.attacksFta())));
        r.put("apcer", nullIfNaN(all.apcer()));
        r.put("bpcer", nullIfNaN(all.bpcer()));
        Map<String, Object> at = new LinkedHashMap<>();
        for (double a : APCER_POINTS) {
            at.put(String.valueOf(a), nullIfNaN(PadEvaluation.bpcerAtApcer(scored, a)));
        }
        r.put("bpcerAtApcer", at);
        boolean several = sources.size() > 1;
        Map<String, List<PadEvaluation.Scored>> bySubject = new TreeMap<>();
        Map<String, List<PadEvaluation.Scored>> bySource = new LinkedHashMap<>();
        Map<String, List<PadEvaluation.Scored>> byKind = new TreeMap<>();
        Map<String, TreeSet<String>> kindSources = new TreeMap<>();
        sources.forEach(s -> bySource.put(s.name(), new ArrayList<>()));
        for (int i = 0; i < scored.size(); i++) {
            PadEvaluation.Scored s = scored.get(i);
            PadSources.Labelled l = labels.get(i);
            String subject = several ? l.source() + "/" + l.photo().subject() : l.photo().subject();
            bySubject.computeIfAbsent(subject, k -> new ArrayList<>()).add(s);
            bySource.get(l.source()).add(s);
            if (l.kind() != null) {
                byKind.computeIfAbsent(l.kind(), k -> new ArrayList<>()).add(s);
                kindSources.computeIfAbsent(l.kind(), k -> new TreeSet<>()).add(l.source());
            }
        }
        List<Map<String, Object>> subjects = new ArrayList<>();
        bySubject.forEach((subject, list) -> {
            PadEvaluation.Rates s = PadEvaluation.rates(list, threshold);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("subject", subject);
            row.put("bonaFide", s.bonaFide());
            row.put("attacks", s.attacks());
            row.put("noFace", s.bonaFideNoFace() + s.attacksNoFace());
            row.put("apcer", nullIfNaN(s.apcer()));
            row.put("bpcer", nullIfNaN(s.bpcer()));
            subjects.add(row);
        });
        r.put("subjects", subjects.size() <= MOST_SUBJECT_ROWS ? subjects : List.of());
        List<Map<String, Object>> sourceRows = new ArrayList<>();
        for (PadSources.Source source : sources) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("source", source.name());
            row.put("dataset", source.dir().toString());
            row.putAll(rows(PadEvaluation.rates(bySource.get(source.name()), threshold)));
            sourceRows.add(row);
        }
        r.put("sources", sourceRows);
        List<Map<String, Object>> kindRows = new ArrayList<>();
        byKind.forEach((kind, list) -> {
            PadEvaluation.Rates k = PadEvaluation.rates(list, threshold);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", kind);
            row.put("sources", List.copyOf(kindSources.get(kind)));
            row.put("attacks", k.attacks());
            row.put("facesFound", k.attacksWithFace());
            row.put("noFace", k.attacksNoFace());
            row.put("fta", nullIfNaN(k.attacksFta()));
            row.put("apcer", nullIfNaN(k.apcer()));
            kindRows.add(row);
        });
        r.put("attackKinds", kindRows);
        r.put("seconds", Math.round(seconds * 10) / 10.0);
        r.put("photosPerSecond", Math.round(scored.size() / seconds * 10) / 10.0);
        r.put("at", Instant.now().toString());
        return r;
    }

    private static Map<String, Object> rows(PadEvaluation.Rates s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("photos", s.bonaFide() + s.attacks());
        row.put("bonaFide", s.bonaFide());
        row.put("attacks", s.attacks());
        row.put("facesFound", perClass(s.bonaFideWithFace(), s.attacksWithFace()));
        row.put("noFace", perClass(s.bonaFideNoFace(), s.attacksNoFace()));
        row.put("fta", perClass(nullIfNaN(s.bonaFideFta()), nullIfNaN(s.attacksFta())));
        row.put("apcer", nullIfNaN(s.apcer()));
        row.put("bpcer", nullIfNaN(s.bpcer()));
        return row;
    }

    private static Map<String, Object> perClass(Object bonaFide, Object attacks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bonaFide", bonaFide);
        m.put("attacks", attacks);
        return m;
    }

    private static Object nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
