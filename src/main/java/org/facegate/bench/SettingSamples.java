package org.facegate.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pipeline's measured windows in {@link PipelineBenchmark}, per raw setting ("2 caller thread(s), batch 8") over
 * the repeats, in the order they were taken: photos per second, the CPU the process spent and the window itself.
 * Asking for a setting that was never measured gives null or throws {@link NullPointerException}.
 */
final class SettingSamples {

    private final Map<String, List<Double>> photosPerSecond = new LinkedHashMap<>();
    private final Map<String, List<CpuMeter.Span>> spans = new LinkedHashMap<>();
    private final Map<String, List<MeasurementWindow.Measured>> windows = new LinkedHashMap<>();

    void add(String setting, MeasurementWindow.Measured window, CpuMeter.Span span) {
        photosPerSecond.computeIfAbsent(setting, x -> new ArrayList<>()).add(window.photosPerSecond());
        spans.computeIfAbsent(setting, x -> new ArrayList<>()).add(span);
        windows.computeIfAbsent(setting, x -> new ArrayList<>()).add(window);
    }

    boolean isEmpty() {
        return photosPerSecond.isEmpty();
    }

    /** Photos per second of each repeat's window. */
    List<Double> photosPerSecond(String setting) {
        return photosPerSecond.get(setting);
    }

    List<CpuMeter.Span> spans(String setting) {
        return spans.get(setting);
    }

    List<MeasurementWindow.Measured> windows(String setting) {
        return windows.get(setting);
    }

    /** Process CPU milliseconds per photo over all the setting's windows. */
    double processCpuMsPerImage(String setting) {
        double cpuSeconds = spans.get(setting).stream().mapToDouble(CpuMeter.Span::processCpuSeconds).sum();
        long done = windows.get(setting).stream().mapToLong(MeasurementWindow.Measured::photos).sum();
        return cpuSeconds * 1000 / done;
    }
}
