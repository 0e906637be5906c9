package org.facegate.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.facegate.embedded.EmbeddedKafkaBroker;

/**
 * {@code broker [--port 9092] [--data DIR]}: a single-node Kafka broker (KRaft) for development, in this process,
 * until Ctrl-C. The data folder keeps topics across restarts.
 */
final class BrokerCommand implements Command {

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public String summary() {
        return "[--port 9092] [--data DIR]: a single-node dev Kafka broker (KRaft) until Ctrl-C";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(Set.of(), "port", "data");
    }

    @Override
    public int run(Arguments args) throws Exception {
        int port = args.intOption("port", 9092);
        Path data = Path.of(args.option("data", "facegate-broker-data"));
        args.rejectUnknown();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, data, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "facegate-broker-shutdown"));
        System.out.println("facegate broker: listening on " + broker.bootstrapServers() + ", data in "
                + data.toAbsolutePath() + "; Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
