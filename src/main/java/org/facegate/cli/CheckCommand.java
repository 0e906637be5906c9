package org.facegate.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.EventJson;
import org.facegate.events.Verdict;
import org.facegate.gate.GateExchange;

/**
 * {@code check --document ID --gate G IMAGE [--chip IMAGE]} (+ {@code --bootstrap-servers}, {@code --config}): what a
 * gate does. Publishes a check request with a fresh checkId and prints its verdict as JSON. Exit 0 when decided
 * (MATCH, NO_MATCH, NOT_ENROLLED), 2 for REJECTED, 3 when no verdict arrives in time.
 */
final class CheckCommand implements Command {

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "--document ID --gate G IMAGE [--chip IMAGE]: send a check like a gate, print the verdict";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(ConfigOptions.OPTIONS, "document", "gate", "chip", "timeout");
    }

    @Override
    public int run(Arguments args) throws Exception {
        String documentId = args.option("document").orElseThrow(() -> new UsageException("--document ID is required"));
        String gateId = args.option("gate").orElseThrow(() -> new UsageException("--gate G is required"));
        EncodedImage chip = args.option("chip").map(GatePhotos::read).orElse(null);
        int timeout = args.intOption("timeout", 60);
        FaceGateConfig config = ConfigOptions.load(args);
        args.rejectUnknown();
        List<String> files = args.positional();
        if (files.size() != 1) {
            throw new UsageException("give exactly one live IMAGE");
        }
        EncodedImage live = GatePhotos.read(files.get(0));
        Optional<Verdict> verdict = new GateExchange(config.clientProperties(), config.topologySettings())
                .check(gateId, documentId, live, chip, Duration.ofSeconds(timeout));
        if (verdict.isEmpty()) {
            System.err.println("facegate check: no verdict within " + timeout + " s; is FaceGate running (facegate run)?");
            return 3;
        }
        System.out.println(new String(EventJson.write(verdict.get()), StandardCharsets.UTF_8));
        return verdict.get().decision() == Decision.REJECTED ? 2 : 0;
    }
}
