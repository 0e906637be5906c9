package org.facegate.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.facegate.config.FaceGateConfig;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.service.FaceGateInstance;
import org.facegate.topology.TopicSetup;
import org.facegate.vision.FacePipeline;

/**
 * {@code run --bootstrap-servers HOST:PORT [--config FILE] [--metrics-port P] [--set KEY=VALUE ...]
 * [--template-key-file FILE] [--previous-template-key-file FILE ...] [--allow-plaintext-templates]}: FaceGate's
 * topology against any Kafka cluster until SIGTERM/Ctrl-C, with /metrics and /health on the metrics port. Refuses
 * to start without a template key unless plaintext templates are explicitly allowed (development).
 */
final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "--bootstrap-servers HOST:PORT --template-key-file FILE [--config FILE] [--metrics-port P]: run the topology";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(ConfigOptions.OPTIONS, "template-key-file", "previous-template-key-file",
                "allow-plaintext-templates");
    }

    @Override
    public int run(Arguments args) throws Exception {
        Map<String, String> keyOptions = new HashMap<>();
        args.option("template-key-file").ifPresent(f -> keyOptions.put(FaceGateConfig.Key.TEMPLATES_KEY_FILE.key(), f));
        List<String> previous = args.options("previous-template-key-file");
        if (!previous.isEmpty()) {
            keyOptions.put(FaceGateConfig.Key.TEMPLATES_PREVIOUS_KEY_FILES.key(), String.join(",", previous));
        }
        if (args.flag("allow-plaintext-templates")) {
            keyOptions.put(FaceGateConfig.Key.TEMPLATES_ALLOW_PLAINTEXT.key(), "true");
        }
        FaceGateConfig config = ConfigOptions.load(args, Map.of(), keyOptions);
        args.rejectUnknown();
        TemplateKeyRing keys = config.templateKeys(System.getenv()); // refuses to start without a key
        if (!keys.encrypts()) {
            System.err.println("facegate run: WARNING: templates (biometric data) will be stored UNENCRYPTED in the state "
                    + "store and its changelog topic; --allow-plaintext-templates is for development only");
        }
        FacePipeline pipeline = config.openPipeline();
        FaceGateInstance instance = FaceGateInstance.open(config, keys, pipeline);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            instance.close();
            pipeline.close();
            stopped.countDown();
        }, "facegate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            instance.start();
        } catch (TopicSetup.TopicsNotReadyException | IllegalStateException e) {
            System.err.println("facegate run: " + e.getMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            return 3;
        }
        System.out.println("facegate run: consuming " + config.topics().checks() + " and " + config.topics().enrolments()
                + " on " + config.bootstrapServers()
                + (instance.metricsPort() < 0 ? "" : "; metrics on http://localhost:" + instance.metricsPort() + "/metrics")
                + (keys.encrypts() ? "; templates sealed under key " + keys.currentKeyId().orElseThrow() : "; templates in PLAINTEXT"));
        stopped.await();
        return 0;
    }
}
