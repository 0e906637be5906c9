package org.facegate.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link OnnxModel}s with the configured execution provider. With {@code AUTO}, CUDA is only tried
 * when {@link GpuProbe} finds a GPU; a CUDA failure falls back to CPU with one log line. With {@code CUDA},
 * no usable GPU is an error at start.
 */
public final class OnnxRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntime.class);

    private final InferenceSettings settings;
    private final GpuProbe gpuProbe;
    private volatile boolean fallbackLogged;
    private volatile boolean budgetLogged;

    public OnnxRuntime(InferenceSettings settings) {
        this(settings, new GpuProbe());
    }

    OnnxRuntime(InferenceSettings settings, GpuProbe gpuProbe) {
        this.settings = settings;
        this.gpuProbe = gpuProbe;
    }

    public InferenceSettings settings() {
        return settings;
    }

    /** Opens {@code file}; fails with {@link InferenceException} when it is missing or not a valid model. */
    public OnnxModel open(Path file) {
        return open(file, null);
    }

    /**
     * Opens a network that has an fp32 graph and, optionally, an int8 graph of it: the int8 graph when the session
     * runs on the CPU provider (ONNX Runtime's integer kernels: VNNI dot products where the processor has them), the
     * fp32 graph on CUDA or when {@code int8File} is null.
     * @throws InferenceException when the file to open is missing or not a valid model
     */
    public OnnxModel open(Path fp32File, Path int8File) {
        requireFile(fp32File);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            threadBudget(options);
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            ExecutionProvider used = addProvider(options);
            Path file = fp32File;
            if (int8File != null && used == ExecutionProvider.CPU) {
                requireFile(int8File);
                file = int8File;
            }
            return new OnnxModel(OnnxModel.fileName(file), env.createSession(file.toString(), options), used);
        } catch (OrtException e) {
            throw new InferenceException("cannot load " + fp32File + ": " + e.getMessage(), e);
        }
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InferenceException("model file not found: " + file
                    + " (build the models with `mvn -B -DskipTests package` or `facegate import-models`)");
        }
    }

    /** Opens a model held in memory (benchmarks' probe models); same provider rules as {@link #open(Path)}. */
    public OnnxModel open(String name, byte[] model) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            threadBudget(options);
            ExecutionProvider used = addProvider(options);
            return new OnnxModel(name, env.createSession(model, options), used);
        } catch (OrtException e) {
            throw new InferenceException("cannot load " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The thread budget, chosen rather than left to ONNX Runtime (which gives every session a pool of one thread
     * per core, spinning while it waits): FaceGate's callers already fill the cores (stream threads, eval workers,
     * benchmark callers, one per core), so each session runs a network on its caller's thread alone. Measured with
     * {@code bench --no-stream} on 300 LFW photos, 2 cores, 2 callers: 106.7 photos/s and 18.6 ms of CPU per photo
     * against 58.4 and 34.1 with ONNX Runtime's pools. An explicit {@code threads > 1} keeps a pool, without spinning.
     */
    private void threadBudget(OrtSession.SessionOptions options) throws OrtException {
        int intra = settings.effectiveIntraOpThreads();
        options.setIntraOpNumThreads(intra);
        if (intra > 1) {
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        if (!budgetLogged) {
            budgetLogged = true;
            LOG.info("ONNX Runtime thread budget: {} intra-op thread(s) per session{}; {} core(s) available to this"
                    + " process", intra, intra > 1 ? " without spinning" : " (the caller's own)",
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private ExecutionProvider addProvider(OrtSession.SessionOptions options) {
        if (settings.provider() == ExecutionProvider.CPU) {
            return ExecutionProvider.CPU;
        }
        Optional<String> noGpu = gpuProbe.whyNoGpu();
        if (noGpu.isPresent()) {
            if (settings.provider() == ExecutionProvider.CUDA) {
                throw new InferenceException("execution provider 'cuda' requested but no GPU is usable: "
                        + noGpu.get() + " (use --provider auto or cpu)");
            }
            logFallbackOnce(noGpu.get());
            return ExecutionProvider.CPU;
        }
        try {
            options.addCUDA(settings.cudaDevice());
            return ExecutionProvider.CUDA;
        } catch (OrtException | UnsatisfiedLinkError e) {
            if (settings.provider() == ExecutionProvider.CUDA) {
                throw new InferenceException("execution provider 'cuda' requested but CUDA failed to load: "
                        + e.getMessage() + " (needs CUDA 12 and cuDNN 9; use --provider auto or cpu)", e);
            }
            logFallbackOnce("CUDA provider failed to load: " + e.getMessage());
            return ExecutionProvider.CPU;
        }
    }

    private void logFallbackOnce(String why) {
        if (!fallbackLogged) {
            fallbackLogged = true;
            LOG.info("ONNX Runtime runs on CPU: {}", why);
        }
    }
}
