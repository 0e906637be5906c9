package org.facegate.topology;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Renders a {@link TopologyDescription} as a Mermaid flowchart: topics as cylinders, stores as databases, nodes
 * as boxes. The output is deterministic (sorted) so it can be checked into {@code topology/topology.md}.
 */
public final class TopologyDiagram {

    private TopologyDiagram() {
    }

    public static String mermaid(TopologyDescription description) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        Set<String> topics = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        Set<String> edges = new LinkedHashSet<>();
        List<TopologyDescription.Subtopology> subtopologies = description.subtopologies().stream()
                .sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id)).toList();
        for (TopologyDescription.Subtopology sub : subtopologies) {
            out.append("  subgraph sub").append(sub.id()).append("[\"sub-topology ").append(sub.id()).append("\"]\n");
            sub.nodes().stream().sorted(Comparator.comparing(TopologyDescription.Node::name)).forEach(node -> {
                out.append("    ").append(id("n", node.name())).append("[\"").append(node.name()).append("\"]\n");
                if (node instanceof TopologyDescription.Source source) {
                    source.topicSet().stream().sorted().forEach(t -> {
                        topics.add(t);
                        edges.add(id("t", t) + " --> " + id("n", node.name()));
                    });
                }
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().stream().sorted().forEach(s -> {
                        stores.add(s);
                        edges.add(id("n", node.name()) + " <--> " + id("s", s));
                    });
                }
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    edges.add(id("n", node.name()) + " --> " + id("t", sink.topic()));
                }
                node.successors().stream().map(TopologyDescription.Node::name).sorted()
                        .forEach(next -> edges.add(id("n", node.name()) + " --> " + id("n", next)));
            });
            out.append("  end\n");
        }
        topics.forEach(t -> out.append("  ").append(id("t", t)).append("[(\"").append(t).append("\")]\n"));
        stores.forEach(s -> out.append("  ").append(id("s", s)).append("[(\"store: ").append(s).append("\")]\n"));
        edges.forEach(e -> out.append("  ").append(e).append('\n'));
        return out.toString();
    }

    private static String id(String kind, String name) {
        return kind + "_" + name.replaceAll("[^A-Za-z0-9]", "_");
    }
}
