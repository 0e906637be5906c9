package org.facegate.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Decides cheaply (a few file checks, no native loading) whether a CUDA GPU could be usable, because
 * ONNX Runtime's {@code addCUDA} costs seconds before it fails on a machine without one.
 */
public final class GpuProbe {

    private static final List<Path> DRIVER_LIBRARIES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1"),
            Path.of("/usr/lib64/libcuda.so.1"),
            Path.of("/usr/local/nvidia/lib64/libcuda.so.1"),
            Path.of("/usr/lib/wsl/lib/libcuda.so.1"));

    private final Path devRoot;
    private final List<Path> driverLibraries;

    public GpuProbe() {
        this(Path.of("/dev"), DRIVER_LIBRARIES);
    }

    GpuProbe(Path devRoot, List<Path> driverLibraries) {
        this.devRoot = devRoot;
        this.driverLibraries = driverLibraries;
    }

    /** Empty when a GPU looks usable; otherwise why not, in words for a log line or an error. */
    public Optional<String> whyNoGpu() {
        if (!Files.exists(devRoot.resolve("nvidiactl")) && !Files.exists(devRoot.resolve("nvidia0"))
                && !Files.exists(devRoot.resolve("dxg"))) {
            return Optional.of("no NVIDIA device files in " + devRoot);
        }
        if (driverLibraries.stream().noneMatch(Files::exists) && !onLibraryPath("libcuda.so.1")) {
            return Optional.of("no NVIDIA driver library libcuda.so.1 found");
        }
        return Optional.empty();
    }

    private static boolean onLibraryPath(String lib) {
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.exists(Path.of(dir, lib))) {
                return true;
            }
        }
        return false;
    }
}
