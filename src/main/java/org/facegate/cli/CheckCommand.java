package org.facegate.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.EventJson;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;

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
        try (TopicReader<Verdict> verdicts = new TopicReader<>(config.clientProperties(), config.topics().verdicts(),
                Verdict.class, false);
             GateClient gate = new GateClient(config.clientProperties(), config.topologySettings())) {
            // capturedAt now, once connected: verdict latency is measured from it.
            CheckRequest request = CheckRequest.of(UUID.randomUUID().toString(), gateId, documentId, Instant.now(), live, chip);
            gate.check(request).get();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
            while (System.nanoTime() < deadline) {
                for (Verdict v : verdicts.poll(Duration.ofMillis(100))) {
                    if (v.checkId().equals(request.checkId())) {
                        System.out.println(new String(EventJson.write(v), StandardCharsets.UTF_8));
                        return v.decision() == Decision.REJECTED ? 2 : 0;
                    }
                }
            }
        }
        System.err.println("facegate check: no verdict within " + timeout + " s; is FaceGate running (facegate run)?");
        return 3;
    }
}
