package org.facegate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.facegate.vision.FaceBox;

/**
 * The output of the original face-api 1.7.15 (TF.js, WASM) on its sample photos, written by
 * {@code tools/reference/reference.mjs} into {@code src/test/resources/reference/face-api-1.7.15.json}.
 */
public final class ReferenceFixture {

    public record Face(FaceBox box, double score, float[] landmarks, float[] descriptor) {
    }

    public record Image(String file, int width, int height, String decodedRgbSha256, List<Face> faces) {
    }

    public record Chip(String file, float[] descriptor) {
    }

    private final JsonNode root;

    private ReferenceFixture(JsonNode root) {
        this.root = root;
    }

    public static ReferenceFixture load() throws IOException {
        try (InputStream in = ReferenceFixture.class.getResourceAsStream("/reference/face-api-1.7.15.json")) {
            return new ReferenceFixture(new ObjectMapper().readTree(in));
        }
    }

    public List<Image> images() {
        List<Image> out = new ArrayList<>();
        for (JsonNode im : root.get("images")) {
            List<Face> faces = new ArrayList<>();
            for (JsonNode f : im.get("faces")) {
                JsonNode b = f.get("box");
                float[] lm = new float[136];
                for (int k = 0; k < 68; k++) {
                    lm[2 * k] = (float) f.get("landmarks").get(k).get(0).asDouble();
                    lm[2 * k + 1] = (float) f.get("landmarks").get(k).get(1).asDouble();
                }
                faces.add(new Face(new FaceBox(b.get("x").asDouble(), b.get("y").asDouble(), b.get("width").asDouble(),
                        b.get("height").asDouble()), f.get("score").asDouble(), lm, floats(f.get("descriptor"))));
            }
            out.add(new Image(im.get("file").asText(), im.get("width").asInt(), im.get("height").asInt(),
                    im.get("decodedRgbSha256").asText(), faces));
        }
        return out;
    }

    public List<Chip> chips() {
        List<Chip> out = new ArrayList<>();
        for (JsonNode c : root.get("chips")) {
            out.add(new Chip(c.get("file").asText(), floats(c.get("descriptor"))));
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }
}
