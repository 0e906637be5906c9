package org.facegate.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Enrolment;
import org.facegate.events.EventJson;
import org.facegate.gate.GateExchange;

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
    public Set<String> options() {
        return Command.optionSet(ConfigOptions.OPTIONS, "document", "erase", "timeout");
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
        GateExchange exchange = new GateExchange(config.clientProperties(), config.topologySettings());
        Optional<EnrolmentResult> result = erase ? exchange.erase(documentId, Duration.ofSeconds(timeout))
                : exchange.enrol(Enrolment.of(documentId, files.stream().map(GatePhotos::read).toList(), Instant.now(),
                        "facegate-cli"), Duration.ofSeconds(timeout));
        if (result.isEmpty()) {
            System.err.println("facegate enrol: no result within " + timeout + " s; is FaceGate running (facegate run)?");
            return 3;
        }
        System.out.println(new String(EventJson.write(result.get()), StandardCharsets.UTF_8));
        return result.get().status() == EnrolmentStatus.REJECTED ? 2 : 0;
    }
}
