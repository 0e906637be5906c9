package org.facegate.pad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which gate group a live image's gate belongs to, by gateId prefix: the group with the longest prefix the gateId
 * starts with, else {@link #DEFAULT}. A gateId that is null (an event too broken to carry one never reaches PAD, but a
 * caller may have none) belongs to {@link #DEFAULT}. Immutable and thread-safe.
 */
public final class PadGroups {

    /** The group of every gate that no configured prefix matches: judged by {@code facegate.pad.descriptor}. */
    public static final String DEFAULT = "default";

    public static final PadGroups NONE = new PadGroups(List.of());

    private final List<PadGroup> groups;
    /** Every prefix and its group's name. */
    private final Map<String, String> byPrefix = new HashMap<>();
    private final int longestPrefix;

    /**
     * @throws IllegalArgumentException when two groups share a name or a prefix (a gate must have one group)
     */
    public PadGroups(List<PadGroup> groups) {
        this.groups = List.copyOf(groups);
        Set<String> names = new HashSet<>();
        int longest = 0;
        for (PadGroup g : this.groups) {
            if (!names.add(g.name())) {
                throw new IllegalArgumentException("PAD group " + g.name() + " is configured twice");
            }
            for (String prefix : g.gatePrefixes()) {
                String other = byPrefix.putIfAbsent(prefix, g.name());
                if (other != null) {
                    throw new IllegalArgumentException("gate prefix '" + prefix + "' is claimed by PAD groups " + other
                            + " and " + g.name() + ": a gate must belong to one group");
                }
                longest = Math.max(longest, prefix.length());
            }
        }
        this.longestPrefix = longest;
    }

    /** The configured groups, in configuration order ({@link #DEFAULT} not among them). */
    public List<PadGroup> groups() {
        return groups;
    }

    /** {@link #DEFAULT} and then each configured group's name: every value {@link #groupOf} can return. */
    public List<String> names() {
        List<String> out = new ArrayList<>(groups.size() + 1);
        out.add(DEFAULT);
        groups.forEach(g -> out.add(g.name()));
        return out;
    }

    /** The group of a gate: the one whose prefix of the gateId is longest, else {@link #DEFAULT}. */
    public String groupOf(String gateId) {
        if (gateId == null || byPrefix.isEmpty()) {
            return DEFAULT;
        }
        for (int length = Math.min(longestPrefix, gateId.length()); length > 0; length--) {
            String group = byPrefix.get(gateId.substring(0, length));
            if (group != null) {
                return group;
            }
        }
        return DEFAULT;
    }
}
