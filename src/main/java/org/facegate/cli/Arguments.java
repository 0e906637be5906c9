package org.facegate.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facegate.config.UsageException;

/**
 * Command-line arguments of a sub-command: {@code --name value} options, {@code --flag} switches and
 * positional values. Unknown options are reported by {@link #rejectUnknown}.
 */
final class Arguments {

    private final Map<String, List<String>> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final java.util.Set<String> read = new java.util.HashSet<>();
    private String[] raw = new String[0];

    private Arguments() {
    }

    /**
     * Parses {@code raw}. An option takes the next word as its value unless that word starts with
     * {@code --} or the option is listed in {@code switches}.
     */
    static Arguments parse(String[] raw, java.util.Set<String> switches) {
        Arguments a = new Arguments();
        a.raw = raw.clone();
        for (int i = 0; i < raw.length; i++) {
            String word = raw[i];
            if (word.startsWith("--") && word.length() > 2) {
                String name = word.substring(2);
                String value = "true";
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (!switches.contains(name) && i + 1 < raw.length && !raw[i + 1].startsWith("--")) {
                    value = raw[++i];
                }
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                a.positional.add(word);
            }
        }
        return a;
    }

    Optional<String> option(String name) {
        read.add(name);
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    List<String> options(String name) {
        read.add(name);
        return options.getOrDefault(name, List.of());
    }

    String option(String name, String defaultValue) {
        return option(name).orElse(defaultValue);
    }

    int intOption(String name, int defaultValue) {
        Optional<String> v = option(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, not '" + v.get() + "'");
        }
    }

    boolean flag(String name) {
        read.add(name);
        return options.containsKey(name) && !"false".equals(option(name).orElse("true"));
    }

    /** The words as given, for recording the exact command in reports. */
    List<String> raw() {
        return List.of(raw);
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    /**
     * Fails with the usage error of {@link #rejectUnknown} if an option was given that is not in {@code declared}
     * (a command's {@link Command#options()}); checked before the command runs.
     */
    void rejectUndeclared(java.util.Set<String> declared) {
        for (String name : options.keySet()) {
            if (!declared.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    /** Fails with a usage error if an option was given that the command never asked for. */
    void rejectUnknown() {
        for (String name : options.keySet()) {
            if (!read.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }
}
