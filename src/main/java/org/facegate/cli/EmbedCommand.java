package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
        return "[--json] IMAGE: faces in a photo with box, landmarks, embedding and PAD score";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(PipelineOptions.OPTIONS, "json");
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
            org.facegate.vision.DecodeResult decoded = pipeline.decoder().decode(bytes);
            FacePipeline.DecodeOr<List<FacePipeline.FoundFace>> result = decoded instanceof
                    org.facegate.vision.DecodeResult.Decoded d
                    ? new FacePipeline.DecodeOr<>(pipeline.findAllFaces(d.image()), null)
                    : new FacePipeline.DecodeOr<>(null, (org.facegate.vision.DecodeResult.Failed) decoded);
            if (result.failure() != null) {
                ObjectNode err = JSON.createObjectNode().put("reason", result.failure().problem().name())
                        .put("detail", result.failure().detail());
                System.out.println(json ? JSON.writeValueAsString(err)
                        : "rejected: " + result.failure().problem() + " (" + result.failure().detail() + ")");
                return 2;
            }
            List<org.facegate.pad.PadScore> pad = presentation(pipeline,
                    ((org.facegate.vision.DecodeResult.Decoded) decoded).image(), result.value());
            ObjectNode root = JSON.createObjectNode();
            ArrayNode faces = root.putArray("faces");
            for (int i = 0; i < result.value().size(); i++) {
                FacePipeline.FoundFace f = result.value().get(i);
                ObjectNode face = faces.addObject();
                FaceBox b = f.detection().box();
                face.putObject("box").put("x", round(b.x())).put("y", round(b.y())).put("width", round(b.width()))
                        .put("height", round(b.height()));
                face.put("score", round(f.detection().score()));
                if (pad != null) {
                    face.putObject("presentation").put("score", round(pad.get(i).score()))
                            .put("threshold", pad.get(i).threshold()).put("modelId", pad.get(i).modelId())
                            .put("attack", pad.get(i).attack());
                }
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
                for (int i = 0; i < result.value().size(); i++) {
                    FacePipeline.FoundFace f = result.value().get(i);
                    FaceBox b = f.detection().box();
                    System.out.printf("  box x=%.0f y=%.0f %.0fx%.0f score %.2f, 68 landmarks, %d-d embedding%s%n",
                            b.x(), b.y(), b.width(), b.height(), f.detection().score(), f.embedding().dimension(),
                            pad == null ? "" : String.format(", PAD %s (score %.3f, threshold %.3f)",
                                    pad.get(i).attack() ? "ATTACK" : "bona fide", pad.get(i).score(),
                                    pad.get(i).threshold()));
                }
            }
            return 0;
        }
    }

    /** What PAD makes of each face as a live capture; null when PAD is off. */
    private static List<org.facegate.pad.PadScore> presentation(FacePipeline pipeline, org.facegate.vision.RgbImage img,
            List<FacePipeline.FoundFace> faces) {
        if (pipeline.presentationAttackDetector() == null) {
            return null;
        }
        return pipeline.presentationAttackDetector().score(faces.stream().map(f -> {
            FaceBox b = f.detection().box();
            return new org.facegate.pad.PadFace(img.width(), img.height(), img.rgb(), b.x(), b.y(), b.width(), b.height());
        }).toList());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
