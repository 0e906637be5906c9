package org.facegate.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Enrolment;
import org.facegate.events.EventJson;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;

/**
 * {@code enrol --document ID IMAGE... | enrol --document ID --erase} (+ {@code --bootstrap-servers}, {@code --config}):
 * publishes an enrolment (or the tombstone that erases the identity) and prints FaceGate's EnrolmentResult as JSON.
 * Exit 0 for ENROLLED or ERASED, 2 for REJECTED, 3 when no result arrives in time.
 */
final class EnrolCommand implements Command {

    @Override
    public String name() {
        return "enrol";
    }

    @Override
    public String summary() {
        return "--document ID IMAGE... | --document ID --erase: enrol (or erase) an identity, print the result";
    }

    @Override
    public int run(Arguments args) throws Exception {
        String documentId = args.option("document").orElseThrow(() -> new UsageException("--document ID is required"));
        boolean erase = args.flag("erase");
        int timeout = args.intOption("timeout", 60);
        FaceGateConfig config = ConfigOptions.load(args);
        args.rejectUnknown();
        List<String> files = args.positional();
        if (erase != files.isEmpty()) {
            throw new UsageException(erase ? "--erase takes no images" : "give at least one IMAGE (or --erase)");
        }
        Enrolment enrolment = erase ? null : Enrolment.of(documentId, files.stream().map(GatePhotos::read).toList(),
                Instant.now(), "facegate-cli");
        try (TopicReader<EnrolmentResult> results = new TopicReader<>(config.clientProperties(),
                config.topics().enrolmentResults(), EnrolmentResult.class, false);
             GateClient gate = new GateClient(config.clientProperties(), config.topologySettings())) {
            (erase ? gate.erase(documentId) : gate.enrol(enrolment)).get();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
            while (System.nanoTime() < deadline) {
                for (EnrolmentResult r : results.poll(Duration.ofMillis(200))) {
                    if (r.documentId().equals(documentId)) {
                        System.out.println(new String(EventJson.write(r), java.nio.charset.StandardCharsets.UTF_8));
                        return r.status() == EnrolmentStatus.REJECTED ? 2 : 0;
                    }
                }
            }
        }
        System.err.println("facegate enrol: no result within " + timeout + " s; is FaceGate running (facegate run)?");
        return 3;
    }
}
