package org.facegate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Soak} run measured, in total and per reporting interval, and its two forms: the table the
 * {@code soak} command prints and the JSON file it writes. Latencies in ms, heap in MB, both JSON values rounded to
 * 0.1.
 */
public record SoakReport(double capacityPerSecond, double offeredPerSecond, int sent, int answered, int missing,
                         int duplicates, double heapStartMb, double heapEndMb, List<Row> rows, Map<String, Object> setup) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One reporting interval. */
    public record Row(int index, int sent, int answered, double p50Ms, double p99Ms, double maxMs, long maxLag, double heapAfterGcMb) {
    }

    /** The table the command prints. */
    public String table(Duration interval) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-12s %7s %9s %8s %8s %8s %8s %15s%n", "interval", "sent", "answered", "p50 ms",
                "p99 ms", "max ms", "max lag", "heap after GC"));
        for (Row row : rows) {
            s.append(String.format("%-12s %7d %9d %8.0f %8.0f %8.0f %8d %12.1f MB%n",
                    row.index() + " (" + format(interval.multipliedBy(row.index())) + ")", row.sent(), row.answered(),
                    row.p50Ms(), row.p99Ms(), row.maxMs(), row.maxLag(), row.heapAfterGcMb()));
        }
        s.append(String.format("capacity %.1f checks/s, offered %.1f checks/s; sent %d, answered %d, missing %d, "
                        + "answered twice %d; heap after full GC %.1f MB at start, %.1f MB at end%n",
                capacityPerSecond, offeredPerSecond, sent, answered, missing, duplicates, heapStartMb, heapEndMb));
        return s.toString();
    }

    public void writeJson(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("capacityPerSecond", round(capacityPerSecond)).put("offeredPerSecond", round(offeredPerSecond))
                .put("sent", sent).put("answered", answered).put("missing", missing)
                .put("duplicates", duplicates).put("heapAfterFullGcStartMb", round(heapStartMb))
                .put("heapAfterFullGcEndMb", round(heapEndMb));
        root.set("setup", JSON.valueToTree(setup));
        ArrayNode intervals = root.putArray("intervals");
        for (Row row : rows) {
            intervals.addObject().put("interval", row.index()).put("sent", row.sent()).put("answered", row.answered())
                    .put("p50Ms", round(row.p50Ms())).put("p99Ms", round(row.p99Ms())).put("maxMs", round(row.maxMs()))
                    .put("maxLag", row.maxLag()).put("heapAfterGcMb", round(row.heapAfterGcMb()));
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        JSON.writeValue(file.toFile(), root);
    }

    /** {@code 10 min}, or {@code 90 s} where the minutes are not whole. */
    static String format(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
