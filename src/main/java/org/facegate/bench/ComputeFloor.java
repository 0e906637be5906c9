package org.facegate.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fastest rate the machine could reach if every core ran the pipeline's networks at the measured peak and
 * nothing else cost time: {@code cores x peak GFLOP/s per core / GFLOP per photo}. A raw figure is stated as a
 * share of this floor, so that a figure above it (impossible) or far below it (time lost outside the networks)
 * shows at once, whatever the machine.
 *
 * @param gflopPerImage the networks' work per photo as the pipeline runs them (see {@link PipelineFlops})
 * @param peakGflopsPerCore the measured peak of one core
 * @param peakSource which probe gave the peak, e.g. "recognition net, batch 8"
 * @param cores the cores the measured setting can use
 */
public record ComputeFloor(double gflopPerImage, double peakGflopsPerCore, String peakSource, int cores) {

    public ComputeFloor {
        if (!(gflopPerImage > 0) || !(peakGflopsPerCore > 0) || cores < 1) {
            throw new IllegalArgumentException("a compute floor needs positive work, peak and cores: "
                    + gflopPerImage + " GFLOP, " + peakGflopsPerCore + " GFLOP/s, " + cores + " cores");
        }
    }

    /** Photos per second at the floor. */
    public double floorImagesPerSec() {
        return cores * peakGflopsPerCore / gflopPerImage;
    }

    /** {@code imagesPerSec} as a share of the floor (1.0 = at the floor). */
    public double shareOf(double imagesPerSec) {
        return imagesPerSec / floorImagesPerSec();
    }

    /** The same work and peak on another number of cores. */
    public ComputeFloor withCores(int n) {
        return new ComputeFloor(gflopPerImage, peakGflopsPerCore, peakSource, n);
    }

    /** For the benchmark's JSON. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gflopPerImage", gflopPerImage);
        m.put("peakGflopsPerCore", peakGflopsPerCore);
        m.put("peakSource", peakSource);
        m.put("cores", cores);
        m.put("floorImagesPerSec", floorImagesPerSec());
        return m;
    }
}
