package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlopCounterTest {

    @Test
    void countsTwoOperationsPerMultiplyAddForConvolutionAndMatMul(@TempDir Path dir) throws Exception {
        OnnxGraph g = new OnnxGraph("t");
        String x = g.input("x", "batch", 3, "h", "w");
        String w = g.floats("w", new float[8 * 3 * 3 * 3], 8, 3, 3, 3);
        x = g.node("Conv", OnnxGraph.in(x, w), Map.of("kernel_shape", new long[] {3, 3}, "strides",
                new long[] {2, 2}, "auto_pad", "VALID"));
        x = g.node("Flatten", OnnxGraph.in(x), Map.of("axis", 1));
        // 21x21 input -> conv 3x3 stride 2 valid -> 10x10x8 = 800 -> MatMul 800x5
        String m = g.floats("m", new float[800 * 5], 800, 5);
        x = g.node("MatMul", OnnxGraph.in(x, m), Map.of());
        g.output(x, "y", "batch", 5);
        Path file = dir.resolve("t.onnx");
        Files.write(file, g.build("test").toByteArray());

        long conv = 2L * 8 * 10 * 10 * 3 * 3 * 3;
        long matmul = 2L * 800 * 5;
        assertEquals(conv + matmul, FlopCounter.count(file, 21, 21));
    }
}
