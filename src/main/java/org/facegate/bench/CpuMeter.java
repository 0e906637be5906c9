package org.facegate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU spent between {@link #start()} and {@link #stop()}: this JVM's own CPU time and, on Linux, how busy the
 * whole machine was (from {@code /proc/stat}). Benchmarks use it to show where time goes: CPU per item, and how
 * much of the machine stood idle while items waited.
 */
final class CpuMeter {

    /** What one measured span cost. */
    record Span(double wallSeconds, double processCpuSeconds, double machineBusyShare,
            Map<String, Double> cpuSecondsByThreadGroup, Map<String, Double> cpuSecondsByOsThreadName) {

        double processCpuMsPer(int items) {
            return processCpuSeconds * 1000 / items;
        }
    }

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long wallStart;
    private long cpuStart;
    private long[] statStart;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> threadCpuStart = Map.of();
    private Map<String, Long> osThreadTicksStart = Map.of();

    CpuMeter start() {
        wallStart = System.nanoTime();
        cpuStart = os.getProcessCpuTime();
        statStart = machineTicks();
        threadCpuStart = threadCpu();
        osThreadTicksStart = osThreadTicks();
        return this;
    }

    Span stop() {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        long[] end = machineTicks();
        double busy = Double.NaN;
        if (statStart != null && end != null) {
            long total = end[0] - statStart[0];
            long idle = end[1] - statStart[1];
            busy = total <= 0 ? Double.NaN : 1.0 - (double) idle / total;
        }
        return new Span(wall, cpu, busy, byThreadGroup(), byOsThreadName());
    }

    /**
     * CPU seconds since start per OS thread name (Linux, /proc/self/task; names are cut to 15 characters), top 10.
     * Unlike {@link #byThreadGroup()} this includes threads the JVM does not list: garbage collector, JIT compiler
     * and ONNX Runtime's own worker threads.
     */
    private Map<String, Double> byOsThreadName() {
        Map<String, Double> groups = new HashMap<>();
        for (Map.Entry<String, Long> e : osThreadTicks().entrySet()) {
            String name = e.getKey().substring(e.getKey().indexOf('/') + 1).replaceAll("\\d+", "#");
            long before = osThreadTicksStart.getOrDefault(e.getKey(), 0L);
            groups.merge(name, (e.getValue() - before) / (double) CLOCK_TICKS_PER_SECOND, Double::sum);
        }
        return largest(groups, 100);
    }

    /** Linux's USER_HZ: 100 on every common kernel configuration. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    /** utime + stime ticks per "tid/name" of this process's threads; empty where /proc is not there. */
    private static Map<String, Long> osThreadTicks() {
        Map<String, Long> m = new HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] rest = stat.substring(close + 2).split(" ");
                    // fields after the name: state(3) ... utime(14) stime(15), i.e. rest[11], rest[12]
                    long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                    m.put(task.getFileName() + "/" + stat.substring(open + 1, close), ticks);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return m;
        }
        return m;
    }

    /** CPU seconds since start per thread group (thread names without their numbers), largest first, top 10. */
    private Map<String, Double> byThreadGroup() {
        Map<String, Double> groups = new HashMap<>();
        for (Map.Entry<Long, Long> e : threadCpu().entrySet()) {
            ThreadInfo info = threads.getThreadInfo(e.getKey());
            if (info == null) {
                continue;
            }
            long before = threadCpuStart.getOrDefault(e.getKey(), 0L);
            String group = info.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "*").replaceAll("\\d+", "#");
            groups.merge(group, (e.getValue() - before) / 1e9, Double::sum);
        }
        return largest(groups, 1000);
    }

    /** The ten largest entries, largest first, rounded to 1/{@code resolution}. */
    private static Map<String, Double> largest(Map<String, Double> seconds, int resolution) {
        Map<String, Double> top = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                .forEach(e -> top.put(e.getKey(), Math.round(e.getValue() * resolution) / (double) resolution));
        return top;
    }

    private Map<Long, Long> threadCpu() {
        Map<Long, Long> m = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported()) {
            return m;
        }
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                m.put(id, t);
            }
        }
        return m;
    }

    /** {total, idle + iowait} jiffies of all cores, or null where /proc/stat is not there. */
    private static long[] machineTicks() {
        try {
            String first = Files.readAllLines(PROC_STAT).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
