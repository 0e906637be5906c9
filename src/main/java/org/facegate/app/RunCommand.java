package org.facegate.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.facegate.metrics.MetricsServer;
import org.facegate.topology.TopicSetup;
import org.facegate.vision.FacePipeline;

/**
 * {@code run --bootstrap-servers HOST:PORT [--config FILE] [--metrics-port P] [--set KEY=VALUE ...]}: FaceGate's
 * topology against any Kafka cluster until SIGTERM/Ctrl-C, with /metrics and /health on the metrics port.
 */
final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "--bootstrap-servers HOST:PORT [--config FILE] [--metrics-port P]: run the topology against a cluster";
    }

    @Override
    public int run(Arguments args) throws Exception {
        FaceGateConfig config = ConfigOptions.load(args);
        args.rejectUnknown();
        PrometheusMeterRegistry registry = MetricsServer.prometheusRegistry();
        FacePipeline pipeline = config.openPipeline();
        FaceGateService service = new FaceGateService(config, pipeline, pipeline.provider().name().toLowerCase(),
                registry, Clock.systemUTC());
        MetricsServer server = config.metricsPort() < 0 ? null
                : MetricsServer.start(config.metricsPort(), registry, service::isRunning);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            service.close();
            if (server != null) {
                server.close();
            }
            pipeline.close();
            stopped.countDown();
        }, "facegate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
        } catch (TopicSetup.TopicsNotReadyException | IllegalStateException e) {
            System.err.println("facegate run: " + e.getMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            return 3;
        }
        System.out.println("facegate run: consuming " + config.topics().checks() + " and " + config.topics().enrolments()
                + " on " + config.bootstrapServers()
                + (server == null ? "" : "; metrics on http://localhost:" + server.port() + "/metrics"));
        stopped.await();
        return 0;
    }
}
