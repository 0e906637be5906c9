package org.facegate.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * FaceGate's package map, written down once (docs/architecture.md says the same in prose): every top-level package
 * under {@code org.facegate} sits in one layer, and a package may import only packages of the layers below its own,
 * never one beside it or above it. The layers fall in three tiers, bottom to top: the runtime (what the service runs),
 * build time (what makes and calibrates the models the runtime loads) and the tools (commands on top of everything).
 * So the runtime never imports the model importer, the calibration or the training code, and there is no circle.
 * {@link #violations} and {@link #cycles} name every offending import.
 */
final class PackageLayers {

    enum Tier { RUNTIME, BUILD, TOOLS }

    record Layer(Tier tier, Set<String> packages) {
    }

    /** Bottom to top. */
    static final List<Layer> LAYERS = List.of(
            new Layer(Tier.RUNTIME, Set.of("inference", "embedded")),
            new Layer(Tier.RUNTIME, Set.of("matching", "pad")),
            new Layer(Tier.RUNTIME, Set.of("cohort", "vision")),
            new Layer(Tier.RUNTIME, Set.of("events")),
            new Layer(Tier.RUNTIME, Set.of("metrics")),
            new Layer(Tier.RUNTIME, Set.of("topology")),
            new Layer(Tier.RUNTIME, Set.of("config", "gate")),
            new Layer(Tier.RUNTIME, Set.of("service")),
            new Layer(Tier.BUILD, Set.of("modelimport")),
            new Layer(Tier.BUILD, Set.of("calibration", "padtraining")),
            new Layer(Tier.TOOLS, Set.of("evaluation")),
            new Layer(Tier.TOOLS, Set.of("demo")),
            new Layer(Tier.TOOLS, Set.of("bench")),
            new Layer(Tier.TOOLS, Set.of("cli")));

    private final Map<String, Integer> layerOf = new LinkedHashMap<>();
    private final List<Layer> layers;

    PackageLayers(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            for (String p : layers.get(i).packages()) {
                if (layerOf.put(p, i) != null) {
                    throw new IllegalArgumentException("package " + p + " is in two layers");
                }
            }
        }
    }

    static PackageLayers facegate() {
        return new PackageLayers(LAYERS);
    }

    Set<String> packages() {
        return new TreeSet<>(layerOf.keySet());
    }

    /** The packages a package may import: those of every layer below its own. */
    Set<String> allowedFor(String room) {
        Set<String> out = new TreeSet<>();
        Integer own = layerOf.get(room);
        for (int i = 0; own != null && i < own; i++) {
            out.addAll(layers.get(i).packages());
        }
        return out;
    }

    /** One line per dependency that breaks the map: the class, what it imports and why that is not allowed. */
    List<String> violations(Collection<Dependency> dependencies) {
        List<String> out = new ArrayList<>();
        for (Dependency d : dependencies) {
            String from = d.fromRoom();
            String to = d.toRoom();
            if (from.equals(to)) {
                continue;
            }
            if (!layerOf.containsKey(from)) {
                out.add(d + ": package '" + from + "' has no layer (add it to PackageLayers.LAYERS and"
                        + " docs/architecture.md)");
            } else if (!layerOf.containsKey(to)) {
                out.add(d + ": package '" + to + "' has no layer (add it to PackageLayers.LAYERS and"
                        + " docs/architecture.md)");
            } else if (layerOf.get(to) >= layerOf.get(from)) {
                out.add(d + ": " + describe(from) + " may not import " + describe(to) + " (" + from
                        + " may import only " + allowedFor(from) + ")");
            }
        }
        return out;
    }

    private String describe(String room) {
        int i = layerOf.get(room);
        return room + " (" + layers.get(i).tier().name().toLowerCase() + ", layer " + (i + 1) + ")";
    }

    /**
     * Every circle between top-level packages, whatever the layers say: each as the packages around it and, for
     * each step, one import that makes it ("vision -> pad -> vision: vision.A imports pad.B; pad.C imports
     * vision.D").
     */
    static List<String> cycles(Collection<Dependency> dependencies) {
        Map<String, Map<String, Dependency>> graph = new TreeMap<>();
        for (Dependency d : dependencies) {
            if (!d.fromRoom().equals(d.toRoom())) {
                graph.computeIfAbsent(d.fromRoom(), k -> new TreeMap<>()).putIfAbsent(d.toRoom(), d);
                graph.computeIfAbsent(d.toRoom(), k -> new TreeMap<>());
            }
        }
        List<String> out = new ArrayList<>();
        Set<String> reported = new TreeSet<>();
        for (String start : graph.keySet()) {
            List<String> path = shortestPathBack(graph, start);
            if (path != null && reported.add(new TreeSet<>(path).toString())) {
                StringBuilder line = new StringBuilder(String.join(" -> ", path)).append(" -> ").append(start)
                        .append(": ");
                for (int i = 0; i < path.size(); i++) {
                    String next = i + 1 < path.size() ? path.get(i + 1) : start;
                    line.append(i == 0 ? "" : "; ").append(graph.get(path.get(i)).get(next));
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    /** The shortest circle through {@code start} (its packages in order, from start), or null if there is none. */
    private static List<String> shortestPathBack(Map<String, Map<String, Dependency>> graph, String start) {
        Map<String, String> cameFrom = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(graph.get(start).keySet());
        graph.get(start).keySet().forEach(n -> cameFrom.put(n, start));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(start)) {
                List<String> path = new ArrayList<>();
                for (String p = cameFrom.get(start); !p.equals(start); p = cameFrom.get(p)) {
                    path.add(0, p);
                }
                path.add(0, start);
                return path;
            }
            for (String next : graph.get(at).keySet()) {
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }
}
