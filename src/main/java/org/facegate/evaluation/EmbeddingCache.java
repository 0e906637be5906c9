package org.facegate.evaluation;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.facegate.inference.Embedding;
import org.facegate.inference.ModelDescriptor.ReferencePoint;
import org.facegate.vision.FaceQuality;

/**
 * An optional on-disk cache of per-image evaluation results ({@code --cache}), in the output folder, so that a
 * re-run with the same model and pipeline settings skips the images already done. The file name carries a hash
 * of everything that changes an embedding (descriptor JSON, detector and retry settings, selection), so
 * different configurations never mix. It holds embeddings of a public data set: keep it with the evaluation
 * output, never in the repository.
 */
final class EmbeddingCache {

    private static final int MAGIC = 0x46474543; // "FGEC"

    private EmbeddingCache() {
    }

    static Path file(Path outDir, String configuration) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(configuration.getBytes(StandardCharsets.UTF_8));
            return outDir.resolve("embedding-cache-" + HexFormat.of().formatHex(h, 0, 8) + ".bin");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, ImageResult> read(Path file) throws IOException {
        Map<String, ImageResult> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not an embedding cache");
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                if (!in.readBoolean()) {
                    out.put(path, ImageResult.failed(path, in.readUTF()));
                    continue;
                }
                float[] v = new float[in.readInt()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat();
                }
                FaceQuality q = new FaceQuality(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble());
                Map<ReferencePoint, double[]> pts = new EnumMap<>(ReferencePoint.class);
                for (ReferencePoint p : ReferencePoint.values()) {
                    pts.put(p, new double[] {in.readDouble(), in.readDouble()});
                }
                out.put(path, new ImageResult(path, new Embedding(v), null, q, pts));
            }
        }
        return out;
    }

    static void write(Path file, Map<String, ImageResult> results) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(results.size());
            for (ImageResult r : results.values()) {
                out.writeUTF(r.path());
                out.writeBoolean(r.embedded());
                if (!r.embedded()) {
                    out.writeUTF(r.problem());
                    continue;
                }
                float[] v = r.embedding().values();
                out.writeInt(v.length);
                for (float f : v) {
                    out.writeFloat(f);
                }
                FaceQuality q = r.quality();
                for (double d : new double[] {q.interEyePx(), q.yawDeg(), q.rollDeg(), q.sharpness(), q.brightness(),
                        q.clippedFraction()}) {
                    out.writeDouble(d);
                }
                for (ReferencePoint p : ReferencePoint.values()) {
                    double[] xy = r.squareCropPoints() == null ? new double[] {Double.NaN, Double.NaN}
                            : r.squareCropPoints().get(p);
                    out.writeDouble(xy[0]);
                    out.writeDouble(xy[1]);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
