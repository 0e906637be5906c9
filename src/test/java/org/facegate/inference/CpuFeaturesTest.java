package org.facegate.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the processor can do for int8, as /proc/cpuinfo says. */
class CpuFeaturesTest {

    @Test
    void vnniProcessor() {
        CpuFeatures f = CpuFeatures.parse(List.of("processor\t: 0", "model name\t: AMD EPYC",
                "flags\t\t: fpu sse avx2 fma avx512f avx512bw avx512_vnni avx_vnni avx512_bf16", "", "processor\t: 1",
                "model name\t: other", "flags\t\t: fpu"));
        assertEquals("AMD EPYC", f.model());
        assertEquals(List.of("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "avx512_bf16"), f.flags());
        assertTrue(f.hasIntegerDotProduct());
        assertFalse(f.describe().contains("no VNNI"), f.describe());
    }

    @Test
    void avx2OnlyProcessorIsSaidToLackVnni() {
        CpuFeatures f = CpuFeatures.parse(List.of("model name : Intel Xeon", "flags : sse avx2 fma"));
        assertFalse(f.hasIntegerDotProduct());
        assertTrue(f.describe().contains("no VNNI"), f.describe());
    }

    @Test
    void noCpuinfoIsUnknownNotAnError() {
        CpuFeatures f = CpuFeatures.read(Path.of("/nonexistent/cpuinfo"));
        assertEquals("unknown", f.model());
        assertTrue(f.flags().isEmpty());
    }
}
