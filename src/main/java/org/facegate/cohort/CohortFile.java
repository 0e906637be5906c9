package org.facegate.cohort;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.Embedding;
import org.facegate.inference.ModelDescriptor;
import org.facegate.matching.TemplateKeyRing;

/**
 * A {@link Cohort} at rest: sealed with the template keys ({@link TemplateKeyRing#seal(String, byte[])}, AES-256-GCM,
 * the name {@value #ASSOCIATED_DATA} authenticated), or in plaintext only where templates may be (development). The
 * payload (big-endian): {@code u8 format=1, i32 members, per member (UTF modelId, i32 dimension), i32 faces, per face
 * f32[sum of dimensions], i64 createdAt epoch millis, UTF provenance}. The provenance says how the cohort was made
 * (folder size, faces found), never file names or people. Never commit or ship a cohort file.
 */
public final class CohortFile {

    static final String ASSOCIATED_DATA = "facegate-cohort";
    private static final byte FORMAT = 1;
    private static final int MAX_FACES = 1_000_000;

    /** What a file holds besides the faces. */
    public record Contents(Cohort cohort, Instant createdAt, String provenance) {
    }

    private CohortFile() {
    }

    /** Writes atomically (temporary file, then rename). */
    public static void write(Path file, Contents contents, TemplateKeyRing keys) throws IOException {
        Cohort c = contents.cohort();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            List<String> ids = c.memberModelIds();
            int[] dims = c.dimensions();
            out.writeInt(ids.size());
            for (int m = 0; m < ids.size(); m++) {
                out.writeUTF(ids.get(m));
                out.writeInt(dims[m]);
            }
            out.writeInt(c.size());
            for (int f = 0; f < c.size(); f++) {
                for (float v : c.face(f).values()) {
                    out.writeFloat(v);
                }
            }
            out.writeLong(contents.createdAt().toEpochMilli());
            out.writeUTF(contents.provenance());
        }
        byte[] plain = bytes.toByteArray();
        byte[] stored = keys.seal(ASSOCIATED_DATA, plain);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, stored);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (keys.encrypts()) {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Reads a cohort file for the recognition members {@code models} (in member order).
     *
     * @throws IllegalArgumentException when the keys cannot open it, it is corrupt, or it holds embeddings of other
     *                                  models than {@code models}
     */
    public static Contents read(Path file, TemplateKeyRing keys, List<ModelDescriptor> models) throws IOException {
        byte[] plain;
        try {
            plain = keys.openPayload(ASSOCIATED_DATA, Files.readAllBytes(file), "cohort");
        } catch (TemplateKeyRing.UnreadableTemplatesException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalArgumentException(file + ": not a cohort file of format " + FORMAT);
            }
            int members = in.readInt();
            List<String> ids = new ArrayList<>();
            int total = 0;
            List<Integer> dims = new ArrayList<>();
            for (int m = 0; m < members && m < 64; m++) {
                ids.add(in.readUTF());
                dims.add(in.readInt());
                total += dims.get(m);
            }
            List<String> expected = models.stream().map(ModelDescriptor::id).toList();
            List<Integer> expectedDims = models.stream().map(m -> m.output().dimension()).toList();
            if (!ids.equals(expected) || !dims.equals(expectedDims)) {
                throw new IllegalArgumentException(file + ": a cohort of " + ids + " cannot normalise scores of "
                        + expected + "; build one with the model in use (cohort build)");
            }
            int faces = in.readInt();
            if (faces < 1 || faces > MAX_FACES) {
                throw new IllegalArgumentException(file + ": corrupt cohort header (" + faces + " faces)");
            }
            List<Embedding> out = new ArrayList<>(faces);
            float[] v = new float[total];
            for (int f = 0; f < faces; f++) {
                for (int i = 0; i < total; i++) {
                    v[i] = in.readFloat();
                }
                out.add(new Embedding(v));
            }
            Instant created = Instant.ofEpochMilli(in.readLong());
            String provenance = in.readUTF();
            if (in.available() != 0) {
                throw new IllegalArgumentException(file + ": trailing bytes after the cohort");
            }
            return new Contents(Cohort.of(models, out), created, provenance);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(file + ": truncated cohort file", e);
        } finally {
            if (keys.encrypts()) {
                java.util.Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
