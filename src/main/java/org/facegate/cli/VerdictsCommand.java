package org.facegate.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.facegate.config.FaceGateConfig;
import org.facegate.events.EventJson;
import org.facegate.events.Verdict;
import org.facegate.gate.TopicReader;

/**
 * {@code verdicts [--follow] [--from-beginning]} (+ {@code --bootstrap-servers}, {@code --config}): prints committed
 * verdicts as JSON lines. Without {@code --follow} it stops after 3 s without new verdicts; with it, at Ctrl-C.
 * Without {@code --from-beginning} only verdicts that arrive from now on are shown.
 */
final class VerdictsCommand implements Command {

    private static final Duration IDLE = Duration.ofSeconds(3);

    @Override
    public String name() {
        return "verdicts";
    }

    @Override
    public String summary() {
        return "[--follow] [--from-beginning]: print committed verdicts as JSON lines";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(ConfigOptions.OPTIONS, "follow", "from-beginning");
    }

    @Override
    public int run(Arguments args) throws Exception {
        boolean follow = args.flag("follow");
        boolean fromBeginning = args.flag("from-beginning");
        FaceGateConfig config = ConfigOptions.load(args);
        args.rejectUnknown();
        try (TopicReader<Verdict> verdicts = new TopicReader<>(config.clientProperties(), config.topics().verdicts(),
                Verdict.class, fromBeginning)) {
            long idleSince = System.nanoTime();
            while (follow || System.nanoTime() - idleSince < IDLE.toNanos()) {
                List<Verdict> batch = verdicts.poll(Duration.ofMillis(500));
                for (Verdict v : batch) {
                    System.out.println(new String(EventJson.write(v), StandardCharsets.UTF_8));
                }
                if (!batch.isEmpty()) {
                    System.out.flush();
                    idleSince = System.nanoTime();
                }
            }
        }
        return 0;
    }
}
