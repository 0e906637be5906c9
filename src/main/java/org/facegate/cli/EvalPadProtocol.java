package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.config.UsageException;
import org.facegate.evaluation.PadEvaluation;
import org.facegate.evaluation.Progress;
import org.facegate.evaluation.ReportPlots;
import org.facegate.inference.ModelsFolder;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadSettings;
import org.facegate.padtraining.PadPhotos;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * {@code eval pad --dataset DIR | --bona-fide DIR [--out DIR] [--model PAD-DESCRIPTOR] [--pad-threshold T]
 * [--every N] [--workers N] [--json]} ({@code --every N}: every Nth photo in path order, for a quick look): presentation-attack detection in ISO/IEC 30107-3 terms ({@link PadEvaluation}).
 * {@code --dataset} holds {@code live/} and {@code attack/} at any depth (the layout of {@code nuaa-pad});
 * {@code --bona-fide} takes every photo below a folder as bona fide (LFW: what genuine travellers pay). Writes
 * {@code report.json}, {@code scores.csv} (each photo's PAD score) and, with attacks, {@code det.png} into {@code --out} (default {@code results/eval-pad}); prints a
 * table, or the report with {@code --json}.
 */
final class EvalPadProtocol {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] APCER_POINTS = {0.01, 0.05, 0.10};

    private EvalPadProtocol() {
    }

    static int run(Arguments args) throws Exception {
        java.util.Optional<String> dataset = args.option("dataset");
        java.util.Optional<String> bonaFide = args.option("bona-fide");
        if (dataset.isPresent() == bonaFide.isPresent()) {
            throw new UsageException("give --dataset DIR (live/ and attack/) or --bona-fide DIR, one of them");
        }
        Path out = Path.of(args.option("out", "results/eval-pad"));
        int workers = args.intOption("workers", Runtime.getRuntime().availableProcessors());
        int every = args.intOption("every", 1);
        if (every < 1) {
            throw new UsageException("--every needs 1 or more (every Nth photo in path order)");
        }
        boolean json = args.flag("json");
        PadSettings pad = PadSettings.DEFAULTS;
        if (args.option("model").isPresent()) {
            pad = pad.withDescriptor(Path.of(args.option("model").get()));
        }
        if (args.option("pad-threshold").isPresent()) {
            try {
                pad = pad.withThreshold(Double.parseDouble(args.option("pad-threshold").get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--pad-threshold needs a probability in [0, 1]");
            }
        }
        PipelineSettings settings = PipelineOptions.settings(args, false).withPresentation(pad);
        Path models = PipelineOptions.modelsDir(args);
        args.rejectUnknown();
        Path source = Path.of(dataset.orElseGet(bonaFide::get));
        List<PadPhotos.Photo> all = dataset.isPresent() ? PadPhotos.list(source) : PadEvaluation.bonaFideFolder(source);
        List<PadPhotos.Photo> photos = java.util.stream.IntStream.range(0, all.size()).filter(i -> i % every == every - 1)
                .mapToObj(all::get).toList();
        if (photos.isEmpty()) {
            throw new UsageException("no photos in " + source);
        }
        long t0 = System.nanoTime();
        List<PadEvaluation.Scored> scored;
        PadDescriptor descriptor;
        try (FacePipeline pipeline = FacePipeline.open(models, ModelsFolder.faceApiDescriptor(models), settings)) {
            descriptor = pipeline.presentationAttackDetector().descriptor();
            scored = new PadEvaluation(pipeline).score(photos, workers,
                    json ? null : Progress.forConsole("eval pad", photos.size()));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> report = report(scored, descriptor, source, seconds);
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(report) + "\n");
        StringBuilder csv = new StringBuilder("photo,subject,class,score\n");
        for (PadEvaluation.Scored s : scored) {
            csv.append(source.relativize(s.photo().path())).append(',').append(s.photo().subject()).append(',')
                    .append(s.photo().attack() ? "attack" : "bona fide").append(',')
                    .append(s.hasFace() ? String.format(java.util.Locale.ROOT, "%.6f", s.score()) : "no face")
                    .append('\n');
        }
        Files.writeString(out.resolve("scores.csv"), csv);
        boolean hasBoth = scored.stream().anyMatch(s -> s.photo().attack()) && scored.stream().anyMatch(
                s -> !s.photo().attack());
        if (hasBoth) {
            ReportPlots.det(List.of(new ReportPlots.Curve(descriptor.id(), PadEvaluation.curve(scored))),
                    "Presentation-attack detection on " + source.getFileName(), "APCER (attacks accepted), log scale",
                    "BPCER (bona fide rejected), log scale", out.resolve("det.png"));
        }
        if (json) {
            System.out.println(JSON.writeValueAsString(report));
        } else {
            printTable(report, scored, descriptor.threshold());
            System.out.println("eval pad: wrote " + out.resolve("report.json") + ", scores.csv" + (hasBoth ? " and det.png" : ""));
        }
        return 0;
    }

    static Map<String, Object> report(List<PadEvaluation.Scored> scored, PadDescriptor d, Path source,
            double seconds) {
        PadEvaluation.Rates all = PadEvaluation.rates(scored, d.threshold());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("protocol", "ISO/IEC 30107-3 APCER/BPCER at the model's threshold; no face in an attack counts as a"
                + " rejected attack, no face in a bona fide photo as a rejection (failure to acquire, also in noFace)");
        r.put("dataset", source.toString());
        r.put("model", d.id());
        r.put("threshold", d.threshold());
        r.put("bonaFide", all.bonaFide());
        r.put("attacks", all.attacks());
        Map<String, Object> noFace = new LinkedHashMap<>();
        noFace.put("bonaFide", all.bonaFideNoFace());
        noFace.put("attacks", all.attacksNoFace());
        r.put("noFace", noFace);
        r.put("apcer", nullIfNaN(all.apcer()));
        r.put("bpcer", nullIfNaN(all.bpcer()));
        Map<String, Object> at = new LinkedHashMap<>();
        for (double a : APCER_POINTS) {
            at.put(String.valueOf(a), nullIfNaN(PadEvaluation.bpcerAtApcer(scored, a)));
        }
        r.put("bpcerAtApcer", at);
        List<Map<String, Object>> subjects = new java.util.ArrayList<>();
        PadEvaluation.bySubject(scored, d.threshold()).forEach((subject, s) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("subject", subject);
            row.put("bonaFide", s.bonaFide());
            row.put("attacks", s.attacks());
            row.put("noFace", s.bonaFideNoFace() + s.attacksNoFace());
            row.put("apcer", nullIfNaN(s.apcer()));
            row.put("bpcer", nullIfNaN(s.bpcer()));
            subjects.add(row);
        });
        r.put("subjects", subjects.size() <= 100 ? subjects : List.of());
        r.put("seconds", Math.round(seconds * 10) / 10.0);
        r.put("photosPerSecond", Math.round(scored.size() / seconds * 10) / 10.0);
        r.put("at", Instant.now().toString());
        return r;
    }

    private static void printTable(Map<String, Object> report, List<PadEvaluation.Scored> scored, double threshold) {
        System.out.printf("eval pad: %s at threshold %.4f on %s (%s photos/s)%n", report.get("model"), threshold,
                report.get("dataset"), report.get("photosPerSecond"));
        System.out.printf("%-10s %9s %8s %7s %8s %8s%n", "subject", "bona fide", "attacks", "no face", "APCER", "BPCER");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("subjects");
        for (Map<String, Object> row : rows) {
            System.out.printf("%-10s %9s %8s %7s %8s %8s%n", row.get("subject"), row.get("bonaFide"), row.get("attacks"),
                    row.get("noFace"), percent(row.get("apcer")), percent(row.get("bpcer")));
        }
        PadEvaluation.Rates all = PadEvaluation.rates(scored, threshold);
        System.out.printf("%-10s %9d %8d %7d %8s %8s%n", "all", all.bonaFide(), all.attacks(),
                all.bonaFideNoFace() + all.attacksNoFace(), percent(report.get("apcer")), percent(report.get("bpcer")));
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) report.get("bpcerAtApcer");
        at.forEach((a, b) -> System.out.printf("BPCER at APCER %s: %s%n", a, percent(b)));
    }

    private static String percent(Object v) {
        return v instanceof Double d ? String.format("%.2f%%", 100 * d) : "-";
    }

    private static Object nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
