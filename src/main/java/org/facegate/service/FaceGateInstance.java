package org.facegate.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Locale;
import org.facegate.config.FaceGateConfig;
import java.io.IOException;
import org.facegate.cohort.CohortDecision;
import org.facegate.config.UsageException;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.metrics.MetricsServer;
import org.facegate.vision.FacePipeline;

/**
 * FaceGate as {@code run} and {@code demo} run it: the {@link FaceGateService} with its meters in a Prometheus
 * registry, and {@code /metrics} and {@code /health} on the config's metrics port (none for -1). The endpoint serves
 * from {@link #open} on and says ready once the topology is RUNNING. Does not own the pipeline it is given: the caller
 * closes it after this.
 */
public final class FaceGateInstance implements AutoCloseable {

    private final FaceGateService service;
    private final MetricsServer metricsServer;

    private FaceGateInstance(FaceGateService service, MetricsServer metricsServer) {
        this.service = service;
        this.metricsServer = metricsServer;
    }

    /** Builds the service and starts the metrics endpoint; {@link #start()} starts the topology. */
    public static FaceGateInstance open(FaceGateConfig config, TemplateKeyRing keys, FacePipeline pipeline) {
        PrometheusMeterRegistry registry = MetricsServer.prometheusRegistry();
        FaceGateService service = new FaceGateService(config, keys, pipeline,
                pipeline.provider().name().toLowerCase(Locale.ROOT), registry, Clock.systemUTC(), cohort(config, keys, pipeline));
        MetricsServer server = config.metricsPort() < 0 ? null
                : MetricsServer.start(config.metricsPort(), registry, service::isRunning);
        return new FaceGateInstance(service, server);
    }

    /** The configured cohort's decision, or null when {@code facegate.cohort.file} is unset. */
    static CohortDecision cohort(FaceGateConfig config, TemplateKeyRing keys, FacePipeline pipeline) {
        if (config.cohortFile().isEmpty()) {
            return null;
        }
        try {
            return CohortDecision.load(config.cohortFile().get(), keys, pipeline.descriptor(),
                    pipeline.settings().threshold()::resolve);
        } catch (IOException e) {
            throw new UsageException("cannot read the cohort " + config.cohortFile().get() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** See {@link FaceGateService#start()}: returns once RUNNING, throws when the topics or Streams are not ready. */
    public void start() throws InterruptedException {
        service.start();
    }

    /** The port {@code /metrics} is served on (the one bound, for a config that asked for 0); -1 when off. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    @Override
    public void close() {
        service.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
