package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.config.UsageException;
import org.facegate.evaluation.PadEvaluation;
import org.facegate.evaluation.PadReport;
import org.facegate.evaluation.PadSources;
import org.facegate.evaluation.Progress;
import org.facegate.evaluation.ReportPlots;
import org.facegate.inference.ModelsFolder;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadSettings;
import org.facegate.padtraining.PadPhotos;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * {@code eval pad (--dataset [NAME=]DIR | --bona-fide [NAME=]DIR)... [--attack-kind NAME=KIND]... [--out DIR]
 * [--model PAD-DESCRIPTOR] [--pad-threshold T] [--every N] [--workers N] [--json]}: presentation-attack detection in
 * ISO/IEC 30107-3 terms ({@link PadEvaluation}) over one or more sources ({@link PadSources}), each given as often
 * as needed. {@code --dataset} holds {@code live/} and {@code attack/} at any depth (the layout of {@code nuaa-pad});
 * {@code --bona-fide} takes every photo below a folder as bona fide (LFW: what genuine travellers pay). A source is
 * named by its folder's name unless given as {@code NAME=DIR}; {@code --attack-kind NAME=KIND} names the attack kind
 * of that source's attacks whose folder ({@code attack/KIND/SUBJECT/}) does not. {@code --every N}: every Nth photo
 * of each source in path order, for a quick look. Writes {@code report.json} ({@link PadReport}: pooled figures, a
 * row per source and per attack kind), {@code scores.csv} (each photo's PAD score) and, with attacks, {@code det.png}
 * into {@code --out} (default {@code results/eval-pad}); prints a table, or the report with {@code --json}. A
 * repeated source name, a kind for no source or a folder without photos is a {@link UsageException}.
 */
final class EvalPadProtocol {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvalPadProtocol() {
    }

    static int run(Arguments args) throws Exception {
        List<PadSources.Source> sources = new java.util.ArrayList<>();
        try {
            args.options("dataset").forEach(spec -> sources.add(PadSources.parse(spec, false)));
            args.options("bona-fide").forEach(spec -> sources.add(PadSources.parse(spec, true)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (sources.isEmpty()) {
            throw new UsageException("give --dataset DIR (live/ and attack/) or --bona-fide DIR, each as often as"
                    + " needed (NAME=DIR to name a source)");
        }
        Map<String, String> kinds = new LinkedHashMap<>();
        for (String spec : args.options("attack-kind")) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new UsageException("--attack-kind needs SOURCE=KIND, not '" + spec + "'");
            }
            kinds.put(spec.substring(0, eq), spec.substring(eq + 1));
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
        List<PadSources.Labelled> labels;
        try {
            labels = PadSources.list(sources, kinds, every);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        for (PadSources.Source s : sources) {
            if (labels.stream().noneMatch(l -> l.source().equals(s.name()))) {
                throw new UsageException("no photos in " + s.dir());
            }
        }
        List<PadPhotos.Photo> photos = labels.stream().map(PadSources.Labelled::photo).toList();
        long t0 = System.nanoTime();
        List<PadEvaluation.Scored> scored;
        PadDescriptor descriptor;
        try (FacePipeline pipeline = FacePipeline.open(models, ModelsFolder.faceApiDescriptor(models), settings)) {
            descriptor = pipeline.presentationAttackDetector().descriptor();
            scored = new PadEvaluation(pipeline).score(photos, workers,
                    json ? null : Progress.forConsole("eval pad", photos.size()));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> report = PadReport.build(scored, labels, sources, descriptor, seconds);
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(report) + "\n");
        Map<String, Path> dirs = new LinkedHashMap<>();
        sources.forEach(s -> dirs.put(s.name(), s.dir()));
        StringBuilder csv = new StringBuilder("photo,subject,class,score,source,kind\n");
        for (int i = 0; i < scored.size(); i++) {
            PadEvaluation.Scored s = scored.get(i);
            PadSources.Labelled l = labels.get(i);
            csv.append(dirs.get(l.source()).relativize(s.photo().path())).append(',').append(s.photo().subject())
                    .append(',').append(s.photo().attack() ? "attack" : "bona fide").append(',')
                    .append(s.hasFace() ? String.format(java.util.Locale.ROOT, "%.6f", s.score()) : "no face")
                    .append(',').append(l.source()).append(',').append(l.kind() == null ? "" : l.kind())
                    .append('\n');
        }
        Files.writeString(out.resolve("scores.csv"), csv);
        boolean hasBoth = scored.stream().anyMatch(s -> s.photo().attack()) && scored.stream().anyMatch(
                s -> !s.photo().attack());
        if (hasBoth) {
            String names = String.join(" + ", sources.stream().map(PadSources.Source::name).toList());
            ReportPlots.det(List.of(new ReportPlots.Curve(descriptor.id(), PadEvaluation.curve(scored))),
                    "Presentation-attack detection on " + names, "APCER (attacks accepted), log scale",
                    "BPCER (bona fide rejected), log scale", out.resolve("det.png"));
        }
        if (json) {
            System.out.println(JSON.writeValueAsString(report));
        } else {
            printTable(report, descriptor.threshold());
            System.out.println("eval pad: wrote " + out.resolve("report.json") + ", scores.csv" + (hasBoth ? " and det.png" : ""));
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void printTable(Map<String, Object> report, double threshold) {
        System.out.printf("eval pad: %s at threshold %.4f on %s (%s photos/s); APCER and BPCER over photos with a"
                + " face, FTA apart%n", report.get("model"), threshold, report.get("dataset"),
                report.get("photosPerSecond"));
        System.out.printf("%-22s %9s %8s %7s %8s %8s%n", "subject", "bona fide", "attacks", "no face", "APCER", "BPCER");
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get("subjects")) {
            System.out.printf("%-22s %9s %8s %7s %8s %8s%n", row.get("subject"), row.get("bonaFide"), row.get("attacks"),
                    row.get("noFace"), percent(row.get("apcer")), percent(row.get("bpcer")));
        }
        System.out.printf("%-18s %6s %9s %8s %9s %9s %8s %8s%n", "source", "photos", "bona fide", "attacks",
                "FTA bf", "FTA att", "APCER", "BPCER");
        List<Map<String, Object>> rows = new java.util.ArrayList<>((List<Map<String, Object>>) report.get("sources"));
        Map<String, Object> pooled = new LinkedHashMap<>(report);
        pooled.put("source", "pooled");
        pooled.put("photos", (int) report.get("bonaFide") + (int) report.get("attacks"));
        rows.add(pooled);
        for (Map<String, Object> row : rows) {
            Map<String, Object> fta = (Map<String, Object>) row.get("fta");
            System.out.printf("%-18s %6s %9s %8s %9s %9s %8s %8s%n", row.get("source"), row.get("photos"),
                    row.get("bonaFide"), row.get("attacks"), percent(fta.get("bonaFide")), percent(fta.get("attacks")),
                    percent(row.get("apcer")), percent(row.get("bpcer")));
        }
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get("attackKinds")) {
            System.out.printf("attack kind %-10s %6s attacks, FTA %s, APCER %s%n", row.get("kind"), row.get("attacks"),
                    percent(row.get("fta")), percent(row.get("apcer")));
        }
        ((Map<String, Object>) report.get("bpcerAtApcer")).forEach(
                (a, b) -> System.out.printf("BPCER at APCER %s: %s%n", a, percent(b)));
    }

    private static String percent(Object v) {
        return v instanceof Double d ? String.format("%.2f%%", 100 * d) : "-";
    }
}
