package org.facegate.cli;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.facegate.topology.TopicReplication;
import org.facegate.topology.TopicSetup;

/**
 * {@code topics [--create | --check]} (+ {@code --bootstrap-servers}, {@code --config}, {@code --set}): FaceGate's
 * topics as {@link TopicSetup} defines them. Without a flag it prints them (name, partitions, replication factor,
 * configs) and contacts nothing; {@code --check} verifies that they exist and that checks and enrolments are
 * co-partitioned; {@code --create} creates the missing ones first (for a set-up job holding the CreateTopics ACL
 * when the service itself runs with {@code facegate.topics.create=false}). Exit 0 when the topics are ready, 2 when
 * they are not (the message says why).
 */
final class TopicsCommand implements Command {

    @Override
    public String name() {
        return "topics";
    }

    @Override
    public String summary() {
        return "[--create | --check]: print FaceGate's topics and their settings, check them, or create the missing ones";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(ConfigOptions.OPTIONS, "create", "check");
    }

    @Override
    public int run(Arguments args) throws Exception {
        boolean create = args.flag("create");
        boolean check = args.flag("check");
        FaceGateConfig config = ConfigOptions.load(args);
        args.rejectUnknown();
        if (create && check) {
            throw new UsageException("give --create or --check, not both");
        }
        TopicReplication planned = TopicReplication.unknownCluster(config.replicationFactor());
        for (NewTopic topic : TopicSetup.newTopics(config.topologySettings(), config.partitions(), planned)) {
            // -1: decided on the cluster, min(3, brokers), with min.insync.replicas=2 where that is 3 (TopicReplication)
            StringBuilder line = new StringBuilder(topic.name())
                    .append(" partitions=").append(topic.numPartitions())
                    .append(" replication-factor=").append(topic.replicationFactor() < 0 ? "min(3,brokers)" : topic.replicationFactor());
            Map<String, String> configs = topic.configs() == null ? Map.of() : new TreeMap<>(topic.configs());
            configs.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
        }
        if (!create && !check) {
            return 0;
        }
        try (Admin admin = Admin.create(config.clientProperties())) {
            TopicSetup.ensure(admin, config.topologySettings(), create, config.partitions(), config.replicationFactor(),
                    config.startupTimeout());
        } catch (TopicSetup.TopicsNotReadyException e) {
            System.err.println("facegate topics: " + e.getMessage());
            return 2;
        }
        System.out.println("facegate topics: ready on " + config.bootstrapServers()
                + " (" + config.topics().checks() + " and " + config.topics().enrolments() + " co-partitioned)");
        return 0;
    }
}
