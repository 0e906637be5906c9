package org.facegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.facegate.config.FaceGateConfig;
import org.facegate.demo.DemoFaces;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.metrics.MetricsServer;
import org.facegate.service.FaceGateService;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.facegate.vision.FaceProblem;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.time.TimeTableXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Draws {@code docs/dashboard.png} from a real run: FaceGate (the production service, registry and HTTP endpoint) on
 * an embedded broker under a scripted load (steady traffic, a burst beyond what two cores verify, a gate with a
 * broken camera plus a few malformed records, steady again), scraped every 5 s by a real Prometheus
 * ({@code deploy/prometheus/prometheus-local.yml}), and then the dashboard's own queries, read from
 * {@code deploy/grafana/facegate-dashboard.json}, run against that Prometheus over the run and drawn panel by panel
 * with JFreeChart. Grafana's {@code $__rate_interval} becomes 30 s.
 *
 * <p>Run through {@code deploy/grafana/render-snapshot.sh}, which starts Prometheus; arguments:
 * {@code --prometheus URL --out FILE [--seconds N]} (FaceGate's metrics are on port 9400, as the Prometheus
 * config expects).
 */
public final class DashboardSnapshot {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int METRICS_PORT = 9400;
    private static final int STEP_SECONDS = 5;
    private static final Color[] PALETTE = {new Color(0x73BF69), new Color(0xF2CC0C), new Color(0x5794F2),
            new Color(0xFF780A), new Color(0xF2495C), new Color(0xB877D9), new Color(0x8AB8FF), new Color(0x96D98D),
            new Color(0xFADE2A), new Color(0x37872D)};
    private static final List<List<String>> ROWS = List.of(
            List.of("Verdict latency (capturedAt to decision)", "Verdict latency distribution"),
            List.of("Throughput by decision", "Rejections by reason"),
            List.of("Inference time per stage (mean per image)", "Micro-batch size"),
            List.of("Backlog (records)", "Processing time per event"));

    /** A stretch of the scripted load. */
    private record Phase(String name, int seconds, double checksPerSecond, double badPhotoShare, boolean malformed) {
    }

    private DashboardSnapshot() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String prometheus = a.getOrDefault("prometheus", "http://127.0.0.1:9099");
        Path out = Path.of(a.getOrDefault("out", "docs/dashboard.png"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "210"));
        double scale = seconds / 210.0;
        List<Phase> phases = List.of(
                new Phase("steady", (int) (60 * scale), 3, 0.03, false),
                new Phase("burst", (int) (35 * scale), 40, 0.03, false),
                new Phase("broken camera", (int) (55 * scale), 4, 0.35, true),
                new Phase("steady", (int) (60 * scale), 3, 0.03, false));

        Path work = Files.createTempDirectory("facegate-snapshot");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, work.resolve("broker"), Map.of())) {
            Map<String, String> o = new HashMap<>();
            o.put("facegate.bootstrap.servers", broker.bootstrapServers());
            o.put("facegate.application.id", "facegate-snapshot");
            o.put("facegate.streams.state-dir", work.resolve("state").toString());
            o.put("facegate.metrics.port", Integer.toString(METRICS_PORT));
            FaceGateConfig config = FaceGateConfig.load(new Properties(), Map.of(), o);
            PrometheusMeterRegistry registry = MetricsServer.prometheusRegistry();
            // Templates sealed under a fresh key, as in production (run refuses to start without one).
            FaceGateService service = new FaceGateService(config, TemplateKeyRing.of(TemplateKey.generate()), TestModels.pipeline(),
                    "cpu", registry, Clock.systemUTC());
            try (MetricsServer server = MetricsServer.start(METRICS_PORT, registry, service::isRunning)) {
                service.start();
                awaitScraped(prometheus);
                Instant start = Instant.now();
                List<Instant> phaseStarts = drive(config, phases);
                Thread.sleep(3L * STEP_SECONDS * 1000); // let the last points be scraped
                Instant end = Instant.now();
                render(prometheus, start, end, phases, phaseStarts, out);
            } finally {
                service.close();
            }
        }
        System.out.println("wrote " + out + " (" + Files.size(out) / 1024 + " KiB)");
        System.exit(0);
    }

    private static void awaitScraped(String prometheus) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = query(prometheus, "/api/v1/query?query=" + enc("facegate_ready == 1"));
            if (r.path("data").path("result").size() > 0) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Prometheus at " + prometheus + " has not scraped FaceGate on :" + METRICS_PORT
                + " (deploy/prometheus/prometheus-local.yml)");
    }

    /** Enrols the sample people, then sends checks phase by phase; returns when each phase started. */
    private static List<Instant> drive(FaceGateConfig config, List<Phase> phases) throws Exception {
        List<DemoFaces.Person> people = DemoFaces.fromGroupPhotos(TestModels.pipeline(),
                TestModels.samplePhoto("sample1.jpg").getParent()).people();
        byte[] noFace = TestPhotos.withProblem(FaceProblem.NO_FACE);
        byte[] tooSmall = TestPhotos.withProblem(FaceProblem.FACE_TOO_SMALL);
        byte[] unreadable = TestPhotos.withProblem(FaceProblem.UNREADABLE_IMAGE);
        Properties client = config.clientProperties();
        Random random = new Random(7);
        List<Instant> starts = new ArrayList<>();
        try (GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            for (int i = 0; i < people.size(); i++) {
                gate.enrol(Enrolment.of("DOC-" + i, List.of(new EncodedImage("jpeg", people.get(i).enrolment())), Instant.now(), "snapshot"));
            }
            gate.flush();
            int enrolled = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (enrolled < people.size() && System.nanoTime() < deadline) {
                enrolled += results.poll(Duration.ofMillis(200)).size();
            }
            long n = 0;
            for (Phase phase : phases) {
                starts.add(Instant.now());
                long phaseStart = System.nanoTime();
                long sent = 0;
                while (System.nanoTime() - phaseStart < phase.seconds() * 1_000_000_000L) {
                    double elapsed = (System.nanoTime() - phaseStart) / 1e9;
                    while (sent < elapsed * phase.checksPerSecond()) {
                        String checkId = "snap-" + n++;
                        int who = random.nextInt(people.size());
                        double r = random.nextDouble();
                        String doc = "DOC-" + who;
                        byte[] photo = people.get(who).live();
                        if (r < phase.badPhotoShare()) {
                            photo = r < phase.badPhotoShare() * 0.6 ? noFace : r < phase.badPhotoShare() * 0.9 ? tooSmall : unreadable;
                        } else if (r < phase.badPhotoShare() + 0.12) {
                            photo = people.get((who + 1 + random.nextInt(people.size() - 1)) % people.size()).live(); // impostor
                        } else if (r < phase.badPhotoShare() + 0.20) {
                            doc = "NOT-ENROLLED-" + n;
                        }
                        gate.check(CheckRequest.of(checkId, "gate-" + (1 + random.nextInt(8)), doc, Instant.now(),
                                new EncodedImage(format(photo), photo), null));
                        if (phase.malformed() && n % 20 == 0) {
                            gate.send(config.topics().checks(), doc, ("{\"checkId\":\"bad-" + n + "\"}").getBytes(StandardCharsets.UTF_8));
                            gate.send(config.topics().checks(), doc, "not json".getBytes(StandardCharsets.UTF_8));
                        }
                        sent++;
                    }
                    gate.flush();
                    Thread.sleep(20);
                }
            }
        }
        return starts;
    }

    private static String format(byte[] photo) {
        return photo.length > 1 && (photo[0] & 0xFF) == 0x89 && photo[1] == 'P' ? "png" : "jpeg";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode query(String prometheus, String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(prometheus + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Prometheus answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** One query's series over the run: legend to (epoch second to value). */
    private static Map<String, TreeMap<Long, Double>> range(String prometheus, String expr, String legend, Instant start,
                                                            Instant end) throws Exception {
        String promql = expr.replace("$__rate_interval", "30s").replaceAll("\\$\\{?[a-z]+}?", ".*");
        JsonNode r = query(prometheus, "/api/v1/query_range?query=" + enc(promql) + "&start=" + start.getEpochSecond()
                + "&end=" + end.getEpochSecond() + "&step=" + STEP_SECONDS);
        Map<String, TreeMap<Long, Double>> out = new LinkedHashMap<>();
        for (JsonNode s : r.path("data").path("result")) {
            Matcher m = Pattern.compile("\\{\\{\\s*([a-zA-Z_]+)\\s*}}").matcher(legend == null ? "" : legend);
            StringBuilder name = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(name, Matcher.quoteReplacement(s.path("metric").path(m.group(1)).asText()));
            }
            m.appendTail(name);
            TreeMap<Long, Double> points = new TreeMap<>();
            for (JsonNode v : s.path("values")) {
                double value = Double.parseDouble(v.get(1).asText());
                if (Double.isFinite(value)) {
                    points.put(v.get(0).asLong(), value);
                }
            }
            out.put(name.length() == 0 ? promql : name.toString(), points);
        }
        return out;
    }

    private static void render(String prometheus, Instant start, Instant end, List<Phase> phases, List<Instant> phaseStarts,
                               Path out) throws Exception {
        JsonNode dashboard = DeployFiles.json(DeployFiles.DASHBOARD);
        Map<String, JsonNode> byTitle = new LinkedHashMap<>();
        dashboard.path("panels").forEach(p -> byTitle.put(p.path("title").asText(), p));
        int width = 1500;
        int statHeight = 86;
        int chartHeight = 270;
        int header = 58;
        int height = header + statHeight + 8 + ROWS.size() * (chartHeight + 8);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xF4F5F5));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0x24292E));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("FaceGate dashboard", 12, 27);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        StringBuilder phaseText = new StringBuilder();
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            phaseText.append(i == 0 ? "" : ", ").append(p.name()).append(' ').append((int) p.checksPerSecond())
                    .append(p.malformed() ? " (" + Math.round(p.badPhotoShare() * 100) + "% bad photos, malformed records)" : "");
        }
        g.drawString("Dashboard queries on a real run (" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .format(start.atZone(ZoneOffset.UTC)) + "; 2 CPU cores, embedded Kafka, Prometheus 5 s scrapes). Checks/s: "
                + phaseText + ".", 12, 47);

        // The stat row.
        List<JsonNode> stats = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (p.path("type").asText().equals("stat")) {
                stats.add(p);
            }
        });
        int statWidth = (width - 8 * (stats.size() + 1)) / stats.size();
        for (int i = 0; i < stats.size(); i++) {
            JsonNode p = stats.get(i);
            int x = 8 + i * (statWidth + 8);
            g.setColor(Color.WHITE);
            g.fillRect(x, header, statWidth, statHeight);
            g.setColor(new Color(0xD8D9DA));
            g.drawRect(x, header, statWidth, statHeight);
            g.setColor(new Color(0x464C54));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(p.path("title").asText(), x + 10, header + 20);
            JsonNode target = p.path("targets").get(0);
            Map<String, TreeMap<Long, Double>> series = range(prometheus, target.path("expr").asText(),
                    target.path("legendFormat").asText(null), start, end);
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, TreeMap<Long, Double>> e : series.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                String value = formatValue(e.getValue().lastEntry().getValue(), p.at("/fieldConfig/defaults/unit").asText(),
                        p.at("/fieldConfig/defaults/decimals").asInt(2));
                text.append(text.length() == 0 ? "" : "  ").append(series.size() > 1 || target.has("legendFormat")
                        ? e.getKey() + " " + value : value);
            }
            g.setColor(new Color(0x37872D));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
            g.drawString(text.length() == 0 ? "no data" : text.toString(), x + 10, header + 64);
        }

        // The chart rows.
        int y = header + statHeight + 8;
        int chartWidth = (width - 24) / 2;
        for (List<String> row : ROWS) {
            int x = 8;
            for (String title : row) {
                JsonNode panel = byTitle.get(title);
                if (panel == null) {
                    throw new IllegalStateException("the dashboard has no panel \"" + title + "\"");
                }
                JFreeChart chart = chart(prometheus, panel, start, end, phases, phaseStarts);
                g.drawImage(chart.createBufferedImage(chartWidth, chartHeight), x, y, null);
                x += chartWidth + 8;
            }
            y += chartHeight + 8;
        }
        g.dispose();
        Files.createDirectories(out.toAbsolutePath().getParent());
        ImageIO.write(image, "png", out.toFile());
    }

    private static String formatValue(double v, String unit, int decimals) {
        return switch (unit) {
            case "s" -> v < 1 ? String.format("%.0f ms", v * 1000) : String.format("%.2f s", v);
            case "reqps" -> String.format("%.1f/s", v);
            default -> v == Math.rint(v) ? String.format("%.0f", v) : String.format("%." + decimals + "f", v);
        };
    }

    private static JFreeChart chart(String prometheus, JsonNode panel, Instant start, Instant end, List<Phase> phases,
                                    List<Instant> phaseStarts) throws Exception {
        String unit = panel.at("/fieldConfig/defaults/unit").asText();
        double factor = unit.equals("s") ? 1000 : 1;
        String axisLabel = switch (unit) {
            case "s", "ms" -> "ms";
            case "reqps" -> "per second";
            case "bytes" -> "bytes";
            default -> "";
        };
        XYPlot plot;
        if (panel.path("type").asText().equals("heatmap")) {
            plot = heatmap(prometheus, panel, start, end);
        } else {
            boolean stacked = panel.at("/fieldConfig/defaults/custom/stacking/mode").asText().equals("normal");
            Map<String, TreeMap<Long, Double>> all = new LinkedHashMap<>();
            for (JsonNode t : panel.path("targets")) {
                all.putAll(range(prometheus, t.path("expr").asText(), t.path("legendFormat").asText(null), start, end));
            }
            all.values().removeIf(TreeMap::isEmpty);
            NumberAxis valueAxis = new NumberAxis(axisLabel);
            valueAxis.setAutoRangeIncludesZero(true);
            if (stacked) {
                TimeTableXYDataset data = new TimeTableXYDataset();
                java.util.TreeSet<Long> times = new java.util.TreeSet<>();
                all.values().forEach(s -> times.addAll(s.keySet()));
                all.forEach((name, points) -> times.forEach(t -> data.add(new Millisecond(new java.util.Date(t * 1000)),
                        points.getOrDefault(t, 0.0) * factor, name)));
                StackedXYAreaRenderer2 renderer = new StackedXYAreaRenderer2();
                for (int i = 0; i < all.size(); i++) {
                    renderer.setSeriesPaint(i, translucent(PALETTE[i % PALETTE.length]));
                }
                plot = new XYPlot(data, new DateAxis(), valueAxis, renderer);
            } else {
                TimeSeriesCollection data = new TimeSeriesCollection();
                all.forEach((name, points) -> {
                    TimeSeries s = new TimeSeries(name);
                    points.forEach((t, v) -> s.addOrUpdate(new Millisecond(new java.util.Date(t * 1000)), v * factor));
                    data.addSeries(s);
                });
                XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
                for (int i = 0; i < all.size(); i++) {
                    renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                    renderer.setSeriesStroke(i, new BasicStroke(1.8f));
                }
                plot = new XYPlot(data, new DateAxis(), valueAxis, renderer);
            }
            JsonNode steps = panel.at("/fieldConfig/defaults/thresholds/steps");
            if (steps.size() > 1) {
                ValueMarker slo = new ValueMarker(steps.get(1).path("value").asDouble() * factor, new Color(0xE02F44),
                        new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
                slo.setLabel("SLO");
                slo.setLabelPaint(new Color(0xE02F44));
                slo.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
                slo.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
                plot.addRangeMarker(slo);
            }
        }
        ((DateAxis) plot.getDomainAxis()).setDateFormatOverride(new java.text.SimpleDateFormat("HH:mm:ss"));
        ((DateAxis) plot.getDomainAxis()).getDateFormatOverride().setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        plot.getDomainAxis().setRange(start.toEpochMilli(), end.toEpochMilli());
        for (int i = 0; i < phases.size(); i++) {
            if (!phases.get(i).name().equals("steady")) {
                long from = phaseStarts.get(i).toEpochMilli();
                long to = i + 1 < phaseStarts.size() ? phaseStarts.get(i + 1).toEpochMilli() : end.toEpochMilli();
                IntervalMarker band = new IntervalMarker(from, to,
                        phases.get(i).name().equals("burst") ? new Color(0x5794F2, false).brighter() : new Color(0xFFE8E0));
                band.setAlpha(0.35f);
                band.setLabel(phases.get(i).name());
                band.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
                band.setLabelPaint(new Color(0x464C54));
                band.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(2, 4, 2, 2));
                plot.addDomainMarker(band, org.jfree.chart.ui.Layer.BACKGROUND);
            }
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xE5E5E5));
        plot.setRangeGridlinePaint(new Color(0xE5E5E5));
        JFreeChart chart = new JFreeChart(panel.path("title").asText(), new Font(Font.SANS_SERIF, Font.BOLD, 13), plot,
                !panel.path("type").asText().equals("heatmap"));
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        return chart;
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 190);
    }

    /** Grafana's heatmap of cumulative buckets: the count per bucket (differences between neighbouring le). */
    private static XYPlot heatmap(String prometheus, JsonNode panel, Instant start, Instant end) throws Exception {
        JsonNode t = panel.path("targets").get(0);
        Map<String, TreeMap<Long, Double>> byLe = range(prometheus, t.path("expr").asText(), "{{le}}", start, end);
        List<String> les = new ArrayList<>(byLe.keySet());
        les.sort((x, y) -> Double.compare(le(x), le(y)));
        List<double[]> cells = new ArrayList<>();
        double max = 1;
        for (int i = 0; i < les.size(); i++) {
            TreeMap<Long, Double> upper = byLe.get(les.get(i));
            TreeMap<Long, Double> lower = i == 0 ? new TreeMap<>() : byLe.get(les.get(i - 1));
            for (Map.Entry<Long, Double> e : upper.entrySet()) {
                double count = Math.max(0, e.getValue() - lower.getOrDefault(e.getKey(), 0.0));
                cells.add(new double[] {e.getKey() * 1000.0, i, count});
                max = Math.max(max, count);
            }
        }
        double[][] xyz = new double[3][cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            xyz[0][i] = cells.get(i)[0];
            xyz[1][i] = cells.get(i)[1];
            xyz[2][i] = cells.get(i)[2];
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("verdicts", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(STEP_SECONDS * 1000.0);
        renderer.setBlockHeight(1.0);
        renderer.setBlockAnchor(org.jfree.chart.ui.RectangleAnchor.LEFT);
        LookupPaintScale scale = new LookupPaintScale(0, max + 1, Color.WHITE);
        scale.add(0.0, new Color(0xF7F7F7));
        for (int i = 1; i <= 16; i++) {
            float f = i / 16f;
            scale.add(max * (i - 1) / 16.0 + 1e-9, new Color(1f, 0.85f - 0.55f * f, 0.55f - 0.5f * f));
        }
        renderer.setPaintScale(scale);
        String[] labels = les.stream().map(DashboardSnapshot::leLabel).toArray(String[]::new);
        SymbolAxis yAxis = new SymbolAxis("latency bucket (upper bound)", labels);
        yAxis.setGridBandsVisible(false);
        yAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        XYPlot plot = new XYPlot(data, new DateAxis(), yAxis, renderer);
        plot.getRangeAxis().setRange(-0.5, les.size() - 0.5);
        return plot;
    }

    private static double le(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static String leLabel(String le) {
        double v = le(le);
        return Double.isInfinite(v) ? "+Inf" : v < 1 ? String.format("%.0f ms", v * 1000) : String.format("%.1f s", v);
    }
}
