package org.facegate.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.facegate.inference.ModelsFolder;
import org.facegate.pad.PadGroup;
import org.facegate.pad.PadSettings;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.facegate.config.FaceGateConfig.Key;
import org.facegate.inference.ExecutionProvider;
import org.facegate.topology.Topics;
import org.facegate.vision.QualityGate;

/**
 * Reads a {@link FaceGateConfig} from its sources: the defaults of {@link Key}, then a properties file, the
 * environment and the command line, later ones winning. Every value is checked here; a wrong one is a
 * {@link UsageException} that names the key (and, for an unknown key, where it came from).
 */
final class FaceGateConfigLoader {

    private static final String KAFKA_ENV_PREFIX = "FACEGATE_KAFKA_";
    /** {@code facegate.pad.group.NAME.gate-prefix} and {@code .descriptor}: keys named after the configured groups. */
    private static final java.util.regex.Pattern PAD_GROUP_KEY =
            java.util.regex.Pattern.compile("facegate\\.pad\\.group\\.([^.]+)\\.(gate-prefix|descriptor)");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> kafka = new TreeMap<>();
    /** The per-group PAD keys given, by key. */
    private final Map<String, String> padGroupKeys = new TreeMap<>();

    FaceGateConfigLoader(Properties file, Map<String, String> env, Map<String, String> overrides) {
        for (Key k : Key.values()) {
            values.put(k.key(), k.defaultValue());
        }
        for (String name : file.stringPropertyNames()) {
            put(name, file.getProperty(name).trim(), "config file");
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (e.getKey().startsWith(KAFKA_ENV_PREFIX)) {
                String name = e.getKey().substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                kafka.put(name, e.getValue());
            } else {
                for (Key k : Key.values()) {
                    if (k.environmentVariable().equals(e.getKey())) {
                        values.put(k.key(), e.getValue().trim());
                    }
                }
            }
        }
        overrides.forEach((name, value) -> put(name, value, "command line"));
    }

    /** Reads a properties file (UTF-8). */
    static Properties readFile(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
        return p;
    }

    /** The merged values, typed and checked. */
    FaceGateConfig config() {
        Topics topics = new Topics(value(Key.TOPIC_CHECKS), value(Key.TOPIC_ENROLMENTS), value(Key.TOPIC_VERDICTS),
                value(Key.TOPIC_ENROLMENT_RESULTS), value(Key.TOPIC_DEAD_LETTERS)).withPrefix(value(Key.TOPIC_PREFIX));
        String threshold = value(Key.MATCH_THRESHOLD);
        String targetFmr = value(Key.MATCH_TARGET_FMR);
        if (!threshold.isEmpty() && !targetFmr.isEmpty()) {
            throw new UsageException("set " + Key.MATCH_THRESHOLD.key() + " or " + Key.MATCH_TARGET_FMR.key() + ", not both");
        }
        Path modelsDir = value(Key.MODELS_DIR).isBlank() ? ModelsFolder.defaultDir() : Path.of(value(Key.MODELS_DIR));
        FaceGateConfig config = new FaceGateConfig(
                required(Key.BOOTSTRAP_SERVERS),
                required(Key.APPLICATION_ID),
                topics,
                bool(Key.TOPICS_CREATE),
                integer(Key.TOPICS_PARTITIONS, 1),
                (short) integer(Key.TOPICS_REPLICATION_FACTOR, -1),
                integer(Key.TEMPLATES_PER_IDENTITY, 1),
                integer(Key.IMAGE_MAX_BYTES, 1),
                whole(Key.IMAGE_MAX_PIXELS, 1, Long::parseLong),
                threshold.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(finiteDouble(Key.MATCH_THRESHOLD, threshold)),
                targetFmr.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(rate(Key.MATCH_TARGET_FMR, targetFmr)),
                modelsDir,
                value(Key.MODEL_DESCRIPTOR).isBlank() ? ModelsFolder.defaultDescriptor(modelsDir)
                        : Path.of(value(Key.MODEL_DESCRIPTOR)),
                new QualityGate(bool(Key.QUALITY_GATE), nonNegative(Key.QUALITY_MIN_INTER_EYE),
                        nonNegative(Key.QUALITY_MAX_YAW), nonNegative(Key.QUALITY_MAX_ROLL),
                        nonNegative(Key.QUALITY_MIN_SHARPNESS), nonNegative(Key.QUALITY_MIN_BRIGHTNESS),
                        nonNegative(Key.QUALITY_MAX_BRIGHTNESS), nonNegative(Key.QUALITY_MAX_CLIPPED)),
                presentation(),
                provider(value(Key.PROVIDER)),
                integer(Key.INFERENCE_THREADS, 0),
                Path.of(required(Key.STATE_DIR)),
                integer(Key.STREAM_THREADS, 1),
                integer(Key.COMMIT_INTERVAL_MS, 1),
                integer(Key.MAX_POLL_RECORDS, 1),
                integer(Key.POLL_MS, 0),
                integer(Key.BATCH_MAX_SIZE, 1),
                integer(Key.BATCH_MAX_WAIT_MS, 0),
                integer(Key.STANDBY_REPLICAS, 0),
                integer(Key.SESSION_TIMEOUT_MS, 1),
                integer(Key.TRANSACTION_TIMEOUT_MS, 1000),
                value(Key.TEMPLATES_KEY_FILE).isBlank() ? Optional.empty() : Optional.of(Path.of(value(Key.TEMPLATES_KEY_FILE))),
                paths(value(Key.TEMPLATES_PREVIOUS_KEY_FILES)),
                bool(Key.TEMPLATES_ALLOW_PLAINTEXT),
                value(Key.COHORT_FILE).isBlank() ? Optional.empty() : Optional.of(Path.of(value(Key.COHORT_FILE))),
                integer(Key.METRICS_PORT, -1),
                Duration.ofMillis(integer(Key.STARTUP_TIMEOUT_MS, 1)),
                kafka);
        if (config.batchMaxWaitMs() > 5000) {
            throw new UsageException(Key.BATCH_MAX_WAIT_MS.key() + " must be at most 5000 (well under the transaction timeout)");
        }
        if (config.replicationFactor() == 0) {
            throw new UsageException(Key.TOPICS_REPLICATION_FACTOR.key() + " must be -1 (broker default) or at least 1");
        }
        for (String topic : topics.all()) {
            if (topic.isBlank()) {
                throw new UsageException("topic names must not be empty");
            }
        }
        return config;
    }

    private void put(String name, String value, String source) {
        if (name.startsWith(FaceGateConfig.KAFKA_PREFIX)) {
            kafka.put(name.substring(FaceGateConfig.KAFKA_PREFIX.length()), value);
        } else if (values.containsKey(name)) {
            values.put(name, value);
        } else if (PAD_GROUP_KEY.matcher(name).matches()) {
            padGroupKeys.put(name, value);
        } else {
            throw new UsageException("unknown setting '" + name + "' in the " + source
                    + " (see docs/configuration.md; Kafka client settings take the prefix 'kafka.')");
        }
    }

    private String value(Key key) {
        return values.get(key.key());
    }

    private static List<Path> paths(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .map(Path::of).toList();
    }

    private String required(Key key) {
        String v = value(key);
        if (v == null || v.isBlank()) {
            throw new UsageException(key.key() + " must not be empty");
        }
        return v;
    }

    private PadSettings presentation() {
        String t = value(Key.PAD_THRESHOLD);
        double threshold = Double.NaN;
        if (!t.isEmpty()) {
            threshold = finiteDouble(Key.PAD_THRESHOLD, t);
            if (threshold < 0 || threshold > 1) {
                throw new UsageException(Key.PAD_THRESHOLD.key() + " must be between 0 and 1: " + t);
            }
        }
        String d = value(Key.PAD_DESCRIPTOR);
        try {
            return new PadSettings(bool(Key.PAD_ENABLED), d.isBlank() ? null : Path.of(d), threshold, padGroups());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The groups {@code facegate.pad.groups} names, each with its {@code gate-prefix} (comma-separated) and
     * {@code descriptor}; a per-group key of a group not listed is an error, as an unknown key is.
     */
    private List<PadGroup> padGroups() {
        List<String> names = java.util.Arrays.stream(value(Key.PAD_GROUPS).split(",")).map(String::trim)
                .filter(v -> !v.isEmpty()).toList();
        for (String key : padGroupKeys.keySet()) {
            java.util.regex.Matcher m = PAD_GROUP_KEY.matcher(key);
            if (m.matches() && !names.contains(m.group(1))) {
                throw new UsageException("'" + key + "' is set, but " + Key.PAD_GROUPS.key() + " does not list group '"
                        + m.group(1) + "' (docs/configuration.md)");
            }
        }
        List<PadGroup> groups = new java.util.ArrayList<>();
        for (String name : names) {
            String prefixKey = "facegate.pad.group." + name + ".gate-prefix";
            String descriptorKey = "facegate.pad.group." + name + ".descriptor";
            String prefixes = padGroupKeys.getOrDefault(prefixKey, "");
            String descriptor = padGroupKeys.getOrDefault(descriptorKey, "");
            if (prefixes.isBlank() || descriptor.isBlank()) {
                throw new UsageException("PAD group '" + name + "' (" + Key.PAD_GROUPS.key() + ") needs " + prefixKey
                        + " and " + descriptorKey);
            }
            groups.add(new PadGroup(name, java.util.Arrays.stream(prefixes.split(",")).map(String::trim)
                    .filter(v -> !v.isEmpty()).toList(), Path.of(descriptor)));
        }
        return groups;
    }

    private boolean bool(Key key) {
        String v = value(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new UsageException(key.key() + " must be true or false, not '" + v + "'");
        }
        return v.equals("true");
    }

    private int integer(Key key, int min) {
        return (int) whole(key, min, Integer::parseInt);
    }

    /** {@code parse} sets the range: a number it cannot read, too large included, is not a whole number. */
    private long whole(Key key, long min, ToLongFunction<String> parse) {
        String v = value(key);
        try {
            long n = parse.applyAsLong(v);
            if (n < min) {
                throw new UsageException(key.key() + " must be at least " + min + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(key.key() + " must be a whole number, not '" + v + "'");
        }
    }

    private static ExecutionProvider provider(String v) {
        try {
            return ExecutionProvider.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(Key.PROVIDER.key() + ": " + e.getMessage());
        }
    }

    private static double rate(Key key, String v) {
        double d = positiveDouble(key, v);
        if (d >= 1) {
            throw new UsageException(key.key() + " must be below 1, not " + v);
        }
        return d;
    }

    private double nonNegative(Key key) {
        String v = value(key);
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new UsageException(key.key() + " must be a number >= 0, not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(key.key() + " must be a number, not '" + v + "'");
        }
    }

    /** Any finite number: a distance for one model, a fused score (often negative) for a fusion. */
    private static double finiteDouble(Key key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new UsageException(key.key() + " must be a finite number, not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(key.key() + " must be a number, not '" + v + "'");
        }
    }

    private static double positiveDouble(Key key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new UsageException(key.key() + " must be a positive number, not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(key.key() + " must be a number, not '" + v + "'");
        }
    }
}
