package org.facegate.pad;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A group of gates whose live faces are judged by a PAD descriptor of their own, typically one calibrated on those
 * gates' own genuine captures ({@code calibrate-pad}). A gate belongs to the group when its gateId starts with one of
 * {@code gatePrefixes} (case-sensitive); over all groups the longest matching prefix wins, and a gate no prefix
 * matches belongs to {@link PadGroups#DEFAULT} ({@code facegate.pad.descriptor}). Configured as
 * {@code facegate.pad.group.NAME.gate-prefix} and {@code facegate.pad.group.NAME.descriptor}
 * (docs/configuration.md).
 *
 * @param name         a lower-case word, {@code [a-z0-9][a-z0-9_-]*} up to 64 characters, not {@code default}: the
 *                     verdict's {@code presentation.group} and the metric's {@code group} label
 * @param gatePrefixes one or more non-empty gateId prefixes
 * @param descriptor   the group's PAD descriptor file
 * @throws IllegalArgumentException for a bad name, no prefix, an empty prefix or no descriptor
 */
public record PadGroup(String name, List<String> gatePrefixes, Path descriptor) {

    /** What a group name may look like (also the schema's pattern for {@code presentation.group}). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public PadGroup {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("PAD group name '" + name + "' must be a lower-case word: letters a-z,"
                    + " digits, '-' and '_', at most 64 characters");
        }
        if (name.equals(PadGroups.DEFAULT)) {
            throw new IllegalArgumentException("PAD group name 'default' is taken: it is every gate that no group's"
                    + " prefix matches (facegate.pad.descriptor)");
        }
        if (gatePrefixes == null || gatePrefixes.isEmpty() || gatePrefixes.stream().anyMatch(p -> p == null || p.isEmpty())) {
            throw new IllegalArgumentException("PAD group " + name + " needs one or more non-empty gate prefixes");
        }
        if (descriptor == null) {
            throw new IllegalArgumentException("PAD group " + name + " needs a PAD descriptor file");
        }
        gatePrefixes = List.copyOf(gatePrefixes);
    }
}
