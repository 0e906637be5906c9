package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facegate.config.UsageException;
import org.facegate.vision.FaceBox;
import org.facegate.vision.FacePipeline;

/**
 * {@code embed [--json] IMAGE}: every face in the photo with box, score, 68 landmarks and 128-d embedding
 * (the notebook's {@code img_to_encoding}). A photo without a face prints {@code "faces":[]} and exits 0; an
 * unreadable one exits 2 with the reason.
 */
final class EmbedCommand implements Command {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String summary() {
        return "[--json] IMAGE: faces in a photo with box, landmarks and embedding";
    }

    @Override
    public int run(Arguments args) throws Exception {
        boolean json = args.flag("json");
        List<String> files = args.positional();
        if (files.size() != 1) {
            throw new UsageException("give exactly one IMAGE");
        }
        byte[] bytes = Files.readAllBytes(Path.of(files.get(0)));
        try (FacePipeline pipeline = PipelineOptions.open(args)) {
            args.rejectUnknown();
            FacePipeline.DecodeOr<List<FacePipeline.FoundFace>> result = pipeline.findAllFaces(bytes);
            if (result.failure() != null) {
                ObjectNode err = JSON.createObjectNode().put("reason", result.failure().problem().name())
                        .put("detail", result.failure().detail());
                System.out.println(json ? JSON.writeValueAsString(err)
                        : "rejected: " + result.failure().problem() + " (" + result.failure().detail() + ")");
                return 2;
            }
            ObjectNode root = JSON.createObjectNode();
            ArrayNode faces = root.putArray("faces");
            for (FacePipeline.FoundFace f : result.value()) {
                ObjectNode face = faces.addObject();
                FaceBox b = f.detection().box();
                face.putObject("box").put("x", round(b.x())).put("y", round(b.y())).put("width", round(b.width()))
                        .put("height", round(b.height()));
                face.put("score", round(f.detection().score()));
                ArrayNode lms = face.putArray("landmarks");
                for (int k = 0; k < 68; k++) {
                    lms.addArray().add(round(f.landmarks().x(k))).add(round(f.landmarks().y(k)));
                }
                ArrayNode emb = face.putArray("embedding");
                for (float v : f.embedding().values()) {
                    emb.add(v);
                }
            }
            if (json) {
                System.out.println(JSON.writeValueAsString(root));
            } else {
                System.out.printf("%d face(s)%n", result.value().size());
                for (FacePipeline.FoundFace f : result.value()) {
                    FaceBox b = f.detection().box();
                    System.out.printf("  box x=%.0f y=%.0f %.0fx%.0f score %.2f, 68 landmarks, %d-d embedding%n",
                            b.x(), b.y(), b.width(), b.height(), f.detection().score(), f.embedding().dimension());
                }
            }
            return 0;
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
