package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facegate.config.UsageException;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;

/**
 * {@code verify [--json] IMAGE1 IMAGE2}: are these the same person? (the notebook's {@code verify_by_image}).
 * Prints decision MATCH / NO_MATCH / REJECTED with distance, threshold and reason. Exit code 0 for
 * MATCH or NO_MATCH, 2 for REJECTED, 1 for usage errors.
 */
final class VerifyCommand implements Command {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "[--json] IMAGE1 IMAGE2: same person? MATCH / NO_MATCH / REJECTED";
    }

    @Override
    public int run(Arguments args) throws Exception {
        boolean json = args.flag("json");
        List<String> files = args.positional();
        if (files.size() != 2) {
            throw new UsageException("give exactly two images: IMAGE1 IMAGE2");
        }
        byte[] first = Files.readAllBytes(Path.of(files.get(0)));
        byte[] second = Files.readAllBytes(Path.of(files.get(1)));
        try (FacePipeline pipeline = PipelineOptions.open(args)) {
            args.rejectUnknown();
            List<FaceAnalysis> both = pipeline.analyseAll(List.of(first, second), ImageRole.LIVE);
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
            if (json) {
                System.out.println(JSON.writeValueAsString(out));
            } else if (exit == 0) {
                System.out.printf("%s: distance %.4f, threshold %.4f (%s)%n", out.get("decision").asText(),
                        out.get("distance").asDouble(), pipeline.threshold(), pipeline.modelId());
            } else {
                System.out.printf("REJECTED: image %d: %s (%s)%n", out.get("image").asInt(), out.get("reason").asText(),
                        out.get("detail").asText());
            }
            return exit;
        }
    }
}
