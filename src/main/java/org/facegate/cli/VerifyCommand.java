package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.facegate.config.UsageException;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;

/**
 * {@code verify [--json] --live IMAGE --reference IMAGE} (or {@code verify [--json] LIVE REFERENCE}): is the person in
 * the live capture the one in the reference photo? (the notebook's {@code verify_by_image}, as a gate does it with the
 * chip photo). The live image goes through presentation-attack detection first, as in the service; the reference is a
 * photograph by nature and does not. Prints decision MATCH / NO_MATCH / REJECTED with distance, threshold, reason and
 * what PAD made of the live image; an attack gets REJECTED PRESENTATION_ATTACK and no distance. Exit code 0 for MATCH
 * or NO_MATCH, 2 for REJECTED, 1 for usage errors.
 */
final class VerifyCommand implements Command {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "[--json] --live IMAGE --reference IMAGE: same person? MATCH / NO_MATCH / REJECTED (PAD on the live one)";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(PipelineOptions.OPTIONS, "json", "live", "reference");
    }

    @Override
    public int run(Arguments args) throws Exception {
        boolean json = args.flag("json");
        List<String> files = new java.util.ArrayList<>(args.positional());
        java.util.Optional<String> live = args.option("live");
        java.util.Optional<String> reference = args.option("reference");
        if (live.isPresent() != reference.isPresent()) {
            throw new UsageException("give --live IMAGE and --reference IMAGE together");
        }
        if (live.isPresent()) {
            files.add(0, live.get());
            files.add(1, reference.get());
        }
        if (files.size() != 2) {
            throw new UsageException("give the live capture and the reference photo: --live IMAGE --reference IMAGE"
                    + " (or LIVE REFERENCE)");
        }
        byte[] first = Files.readAllBytes(Path.of(files.get(0)));
        byte[] second = Files.readAllBytes(Path.of(files.get(1)));
        try (FacePipeline pipeline = PipelineOptions.open(args)) {
            args.rejectUnknown();
            List<FaceAnalysis> both = List.of(pipeline.analyse(first, ImageRole.LIVE),
                    pipeline.analyse(second, ImageRole.CHIP));
            ObjectNode out = JSON.createObjectNode();
            int exit;
            if (both.get(0) instanceof FaceAnalysis.Embedded a && both.get(1) instanceof FaceAnalysis.Embedded b) {
                double distance = pipeline.distance(a.embedding(), b.embedding());
                boolean match = distance < pipeline.threshold();
                out.put("decision", match ? "MATCH" : "NO_MATCH").put("distance", distance)
                        .put("threshold", pipeline.threshold()).putNull("reason").put("modelId", pipeline.modelId());
                List<String> ids = pipeline.memberModelIds();
                if (ids.size() > 1) { // a fusion: each member model's own distance beside the fused one
                    double[] d = pipeline.memberDistances(a.embedding(), b.embedding());
                    com.fasterxml.jackson.databind.node.ArrayNode members = out.putArray("members");
                    for (int i = 0; i < ids.size(); i++) {
                        members.addObject().put("modelId", ids.get(i)).put("distance", d[i]);
                    }
                }
                exit = 0;
            } else {
                int bad = both.get(0) instanceof FaceAnalysis.Rejected ? 0 : 1;
                FaceAnalysis.Rejected r = (FaceAnalysis.Rejected) both.get(bad);
                out.put("decision", "REJECTED").putNull("distance").put("threshold", pipeline.threshold())
                        .put("reason", r.problem().name()).put("image", bad + 1).put("detail", r.detail());
                exit = 2;
            }
            org.facegate.pad.PadScore pad = both.get(0) instanceof FaceAnalysis.Embedded a ? a.presentation()
                    : ((FaceAnalysis.Rejected) both.get(0)).presentation();
            if (pad != null) {
                out.putObject("presentation").put("score", pad.score()).put("threshold", pad.threshold())
                        .put("modelId", pad.modelId()).put("attack", pad.attack());
            } else {
                out.putNull("presentation");
            }
            if (json) {
                System.out.println(JSON.writeValueAsString(out));
            } else if (exit == 0) {
                System.out.printf("%s: distance %.4f, threshold %.4f (%s)%n", out.get("decision").asText(),
                        out.get("distance").asDouble(), pipeline.threshold(), pipeline.modelId());
            } else {
                System.out.printf("REJECTED: %s image: %s (%s)%n", out.get("image").asInt() == 1 ? "live" : "reference",
                        out.get("reason").asText(), out.get("detail").asText());
            }
            if (!json) {
                System.out.println(pad == null ? "presentation-attack detection: did not run on the live image"
                        : String.format("presentation-attack detection: %s, score %.3f, threshold %.3f (%s)",
                                pad.attack() ? "ATTACK" : "bona fide", pad.score(), pad.threshold(), pad.modelId()));
            }
            return exit;
        }
    }
}
