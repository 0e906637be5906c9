package org.facegate.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One figure measured several times: the samples in the order taken, their median, minimum, maximum and the
 * spread {@code (max - min) / median} in percent. The benchmark reports the median and shows the spread, so that a
 * reader sees at once whether a figure is steady enough to compare with another.
 *
 * @param samples the measurements, in the order they were taken (at least one)
 */
public record RepeatSummary(List<Double> samples, double median, double min, double max, double spreadPercent) {

    public RepeatSummary {
        samples = List.copyOf(samples);
    }

    /** The summary of {@code samples}; an empty list is refused (a figure without a measurement is a bug). */
    public static RepeatSummary of(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to summarise");
        }
        double[] v = samples.stream().mapToDouble(Double::doubleValue).toArray();
        double median = PipelineBenchmark.median(v);
        double min = samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double spread = median == 0 ? Double.NaN : 100 * (max - min) / median;
        return new RepeatSummary(samples, median, min, max, spread);
    }

    /** For the benchmark's JSON: {@code samples, median, min, max, spreadPercent}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("median", median);
        m.put("min", min);
        m.put("max", max);
        m.put("spreadPercent", spreadPercent);
        return m;
    }
}
