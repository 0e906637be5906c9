package org.facegate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak command's report (table and JSON); its option checks are in {@code cli.SoakCommandTest}. The soak itself
 * is a command, run by hand ({@code java -jar target/facegate.jar soak}), not a test: tests never time things.
 */
class SoakReportTest {

    @Test
    void theTableAndJsonCarryEveryIntervalAndTheTotals(@TempDir Path dir) throws Exception {
        SoakReport report = new SoakReport(20.0, 16.0, 1920, 1920, 0, 0, 170.1, 171.2, List.of(
                new SoakReport.Row(1, 960, 960, 80, 240, 310, 3, 172.4),
                new SoakReport.Row(2, 960, 960, 78, 230, 290, 2, 173.0)), Map.of("cores", 2));
        String table = report.table(Duration.ofMinutes(1));
        assertTrue(table.contains("p99 ms") && table.contains("max lag") && table.contains("heap after GC"), table);
        assertTrue(table.contains("2 (2 min)"), table);
        assertTrue(table.contains("heap after full GC 170.1 MB at start, 171.2 MB at end"), table);
        Path json = dir.resolve("soak.json");
        report.writeJson(json);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, root.get("intervals").size());
        assertEquals(240.0, root.get("intervals").get(0).get("p99Ms").asDouble());
        assertEquals(0, root.get("duplicates").asInt());
        assertEquals(2, root.get("setup").get("cores").asInt());
    }
}
