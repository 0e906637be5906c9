package org.facegate.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeTest {

    @Test
    void probeSeesNoGpuWithoutNvidiaDeviceFiles(@TempDir Path dev) {
        GpuProbe probe = new GpuProbe(dev, List.of());
        assertTrue(probe.whyNoGpu().orElseThrow().contains("no NVIDIA device files"));
    }

    @Test
    void probeNeedsTheDriverLibraryToo(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("nvidiactl"));
        Path lib = dev.resolve("libcuda.so.1");
        assertTrue(new GpuProbe(dev, List.of(lib)).whyNoGpu().orElseThrow().contains("libcuda"));
        Files.createFile(lib);
        assertTrue(new GpuProbe(dev, List.of(lib)).whyNoGpu().isEmpty());
    }

    @Test
    void cudaRequestedWithoutGpuFailsFastWithAClearMessage(@TempDir Path dev) {
        OnnxRuntime rt = new OnnxRuntime(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CUDA),
                new GpuProbe(dev, List.of()));
        long start = System.nanoTime();
        InferenceException e = assertThrows(InferenceException.class,
                () -> rt.open(TestModels.modelsDir().resolve("face_landmark_68.onnx")));
        assertTrue(e.getMessage().contains("'cuda' requested but no GPU is usable"), e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e9 < 2, "no slow CUDA library probing");
    }

    @Test
    void autoWithoutGpuRunsOnCpu(@TempDir Path dev) {
        OnnxRuntime rt = new OnnxRuntime(InferenceSettings.DEFAULTS, new GpuProbe(dev, List.of()));
        try (OnnxModel m = rt.open(TestModels.modelsDir().resolve("face_landmark_68.onnx"))) {
            assertEquals(ExecutionProvider.CPU, m.provider());
        }
    }

    @Test
    void missingModelFileIsAClearError(@TempDir Path dir) {
        OnnxRuntime rt = new OnnxRuntime(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU));
        InferenceException e = assertThrows(InferenceException.class, () -> rt.open(dir.resolve("nope.onnx")));
        assertTrue(e.getMessage().contains("model file not found"));
    }

    @Test
    void providerNamesParseAndBadOnesAreExplained() {
        assertEquals(ExecutionProvider.CUDA, ExecutionProvider.parse(" Cuda "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionProvider.parse("tpu"));
        assertTrue(e.getMessage().contains("auto, cuda or cpu"));
    }
}
