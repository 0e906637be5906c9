package org.facegate.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;

/**
 * The options of the commands that talk to Kafka: {@code --config FILE} (properties, see
 * docs/configuration.md), {@code --bootstrap-servers}, {@code --metrics-port}, {@code --models},
 * {@code --provider}, and {@code --set KEY=VALUE} (repeatable) for any other key. Environment variables
 * ({@code FACEGATE_...}) apply over the file, options over both.
 */
final class ConfigOptions {

    /** What {@link #load} reads. */
    static final Set<String> OPTIONS = Set.of("config", "bootstrap-servers", "metrics-port", "models", "provider", "set");

    private ConfigOptions() {
    }

    static FaceGateConfig load(Arguments args) {
        return load(args, Map.of());
    }

    /** {@code defaults}: values this command prefers over the documented defaults (still overridable). */
    static FaceGateConfig load(Arguments args, Map<String, String> defaults) {
        return load(args, defaults, Map.of());
    }

    /** {@code commandOverrides}: settings from options of one command, applied like {@code --set}. */
    static FaceGateConfig load(Arguments args, Map<String, String> defaults, Map<String, String> commandOverrides) {
        Properties file = new Properties();
        defaults.forEach(file::setProperty);
        args.option("config").map(Path::of).map(FaceGateConfig::readFile).ifPresent(file::putAll);
        Map<String, String> overrides = new HashMap<>();
        args.option("bootstrap-servers").ifPresent(v -> overrides.put(FaceGateConfig.Key.BOOTSTRAP_SERVERS.key(), v));
        args.option("metrics-port").ifPresent(v -> overrides.put(FaceGateConfig.Key.METRICS_PORT.key(), v));
        args.option("models").ifPresent(v -> overrides.put(FaceGateConfig.Key.MODELS_DIR.key(), v));
        args.option("provider").ifPresent(v -> overrides.put(FaceGateConfig.Key.PROVIDER.key(), v));
        overrides.putAll(commandOverrides);
        for (String setting : args.options("set")) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set needs KEY=VALUE, not '" + setting + "'");
            }
            overrides.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        return FaceGateConfig.load(file, System.getenv(), overrides);
    }
}
