package org.facegate.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The processor's model name and the instruction sets that decide how fast int8 and fp32 networks run, as the
 * operating system reports them ({@code /proc/cpuinfo} on Linux): AVX2, AVX-512, the integer dot products that
 * ONNX Runtime's int8 kernels use (AVX-512 VNNI, AVX-VNNI, AMX), and bf16. Logged when an int8 graph is opened
 * and written into the {@code bench} JSON, so that a figure names the kind of machine it was measured on.
 *
 * @param model processor model name, or "unknown"
 * @param flags the relevant flags the processor has, in a fixed order
 */
public record CpuFeatures(String model, List<String> flags) {

    /** The flags reported, in this order, when present. */
    static final List<String> RELEVANT = List.of("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni",
            "avx512_bf16", "amx_int8", "amx_bf16");

    private static volatile CpuFeatures current;

    public CpuFeatures {
        flags = List.copyOf(flags);
    }

    /** This machine's (read once). */
    public static CpuFeatures current() {
        CpuFeatures c = current;
        if (c == null) {
            c = read(Path.of("/proc/cpuinfo"));
            current = c;
        }
        return c;
    }

    /** Parses a {@code /proc/cpuinfo}; "unknown" and no flags when the file is missing (not Linux). */
    static CpuFeatures read(Path cpuinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo);
        } catch (IOException e) {
            return new CpuFeatures("unknown", List.of());
        }
        return parse(lines);
    }

    static CpuFeatures parse(List<String> lines) {
        String model = "unknown";
        Set<String> present = Set.of();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model.equals("unknown")) {
                model = value;
            } else if (key.equals("flags") && present.isEmpty()) {
                present = Set.of(value.split("\\s+"));
            }
        }
        List<String> flags = new ArrayList<>();
        for (String f : RELEVANT) {
            if (present.contains(f)) {
                flags.add(f);
            }
        }
        return new CpuFeatures(model, flags);
    }

    /** True when the processor has an integer dot-product instruction (VNNI or AMX). */
    public boolean hasIntegerDotProduct() {
        return flags.contains("avx512_vnni") || flags.contains("avx_vnni") || flags.contains("amx_int8");
    }

    /** One line: model and flags. */
    public String describe() {
        return model + ", " + (flags.isEmpty() ? "no AVX2" : String.join(" ", flags))
                + (hasIntegerDotProduct() ? "" : " (no VNNI: int8 runs on AVX2/AVX-512 byte multiply-adds)");
    }
}
