package org.facegate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.junit.jupiter.api.Test;

/** The benchmark's configuration list ({@code --stream-variants}) and its CPU accounting. */
class StreamBenchmarkTest {

    @Test
    void theDefaultVariantIsTheLastAndMatchesTheConfigDefaults() {
        StreamBenchmark.Variant v = StreamBenchmark.parseVariants("default").get(0);
        assertEquals(StreamBenchmark.VARIANTS.get(StreamBenchmark.VARIANTS.size() - 1), v);
        FaceGateConfig defaults = FaceGateConfig.defaults();
        assertEquals(defaults.partitions(), v.partitions());
        assertEquals(defaults.streamThreads(), v.streamThreads());
        assertEquals(defaults.commitIntervalMs(), v.commitIntervalMs());
        assertEquals(defaults.maxPollRecords(), v.maxPollRecords());
        assertEquals(defaults.batchMaxSize(), v.batchMaxSize());
        assertEquals(defaults.batchMaxWaitMs(), v.batchMaxWaitMs());
        assertEquals(StreamBenchmark.VARIANTS, StreamBenchmark.parseVariants("all"));
    }

    @Test
    void specsOverrideTheDefaultsKeyByKey() {
        List<StreamBenchmark.Variant> v = StreamBenchmark.parseVariants("partitions=4,commit=25; threads=3");
        assertEquals(2, v.size());
        assertEquals(4, v.get(0).partitions());
        assertEquals(25, v.get(0).commitIntervalMs());
        assertEquals(FaceGateConfig.defaults().streamThreads(), v.get(0).streamThreads());
        assertEquals(3, v.get(1).streamThreads());
        assertEquals(FaceGateConfig.defaults().partitions(), v.get(1).partitions());
    }

    @Test
    void aMalformedSpecIsAUsageError() {
        assertThrows(UsageException.class, () -> StreamBenchmark.parseVariants("shards=4"));
        assertThrows(UsageException.class, () -> StreamBenchmark.parseVariants("commit=fast"));
        assertThrows(UsageException.class, () -> StreamBenchmark.parseVariants("commit"));
    }

    @Test
    void theSaturationRunIsWholeRoundsWorthTheWindowAtTheRawRate() {
        StreamBenchmark.Windows w = new StreamBenchmark.Windows(100, 20, 20);
        assertEquals(2100, w.saturationChecks(300), "2,000 checks at 100/s round up to 7 rounds of 300");
        assertEquals(300, new StreamBenchmark.Windows(100, 1, 20).saturationChecks(300), "at least one round");
        assertEquals(1200, new StreamBenchmark.Windows(0, 20, 20).saturationChecks(300), "no raw figure: 4 rounds");
    }

    @Test
    void theLatencyRunIsPacedAtHalfTheRawRateForItsSeconds() {
        StreamBenchmark.Windows w = new StreamBenchmark.Windows(100, 20, 30);
        assertEquals(50, w.offeredLoad(120), 1e-12, "half the raw rate, not half the stream's own");
        assertEquals(1500, w.latencyChecks(50));
        assertEquals(60, new StreamBenchmark.Windows(0, 20, 30).offeredLoad(120), 1e-12);
        assertEquals(20, w.latencyChecks(0.1), "at least 20 checks");
    }

    @Test
    void theCpuMeterCountsThisThreadsWork() {
        CpuMeter meter = new CpuMeter().start();
        // 300 ms of this thread's own CPU time, not of wall time: on a loaded machine (or with the JIT compiler
        // still busy after an earlier test) 300 ms of wall time gave the thread as little as 0.1 s of CPU.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long wallStart = System.nanoTime();
        long end = threads.getCurrentThreadCpuTime() + 300_000_000L;
        double sink = 0;
        while (threads.getCurrentThreadCpuTime() < end && System.nanoTime() - wallStart < 10_000_000_000L) {
            for (int k = 0; k < 10_000; k++) {
                sink += Math.sqrt(sink + 1);
            }
        }
        CpuMeter.Span span = meter.stop();
        assertTrue(sink > 0);
        assertTrue(span.wallSeconds() >= 0.3);
        assertTrue(span.processCpuSeconds() >= 0.15, "a 300 ms busy loop: " + span);
        assertTrue(span.cpuSecondsByThreadGroup().getOrDefault(Thread.currentThread().getName()
                .replaceAll("\\d+", "#"), 0.0) >= 0.15, span.cpuSecondsByThreadGroup().toString());
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            double total = span.cpuSecondsByOsThreadName().values().stream().mapToDouble(Double::doubleValue).sum();
            assertTrue(total >= 0.15, span.cpuSecondsByOsThreadName().toString());
            assertTrue(span.machineBusyShare() > 0 && span.machineBusyShare() <= 1, span.toString());
        }
    }
}
