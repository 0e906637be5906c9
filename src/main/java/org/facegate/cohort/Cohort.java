package org.facegate.cohort;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.facegate.inference.Embedding;
import org.facegate.inference.ModelDescriptor;

/**
 * A cohort for score normalisation: the embeddings of faces of people who are never the ones being verified, one
 * vector per member model of the recognition descriptor (stored as the descriptor's concatenated embedding). Its
 * {@link #version} is a hash of the member models and every value, so a verdict can name exactly the cohort it was
 * judged against. Biometric data: sealed at rest ({@link CohortFile}), never logged, never shipped with the product.
 * {@link #toString()} prints no embeddings. Immutable and thread-safe.
 */
public final class Cohort {

    private final List<Member> members;
    private final int size;
    private final String version;
    /** The faces as given, one concatenated embedding after the other (what the file stores). */
    private final float[] raw;

    /** One member model's part: its id, metric, dimension and the cohort's vectors (unit length for cosine). */
    record Member(String modelId, ModelDescriptor.Metric metric, int dimension, float[] vectors) {
    }

    private Cohort(List<Member> members, int size, String version, float[] raw) {
        this.members = List.copyOf(members);
        this.size = size;
        this.version = version;
        this.raw = raw;
    }

    /**
     * The cohort of {@code faces}, each a concatenated embedding of {@code models} (in member order).
     *
     * @throws IllegalArgumentException when there are no faces or an embedding's length is not the members' total
     */
    public static Cohort of(List<ModelDescriptor> models, List<Embedding> faces) {
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("a cohort needs at least one face");
        }
        int total = models.stream().mapToInt(m -> m.output().dimension()).sum();
        List<String> ids = models.stream().map(ModelDescriptor::id).toList();
        int[] dims = models.stream().mapToInt(m -> m.output().dimension()).toArray();
        MessageDigest sha = sha256();
        for (int m = 0; m < ids.size(); m++) {
            sha.update((ids.get(m) + "/" + dims[m] + ";").getBytes(StandardCharsets.UTF_8));
        }
        List<Member> out = new ArrayList<>();
        int offset = 0;
        for (int m = 0; m < models.size(); m++) {
            out.add(new Member(ids.get(m), models.get(m).metric(), dims[m], new float[faces.size() * dims[m]]));
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * total);
        float[] raw = new float[faces.size() * total];
        for (int f = 0; f < faces.size(); f++) {
            float[] v = faces.get(f).values();
            if (v.length != total) {
                throw new IllegalArgumentException("cohort face " + f + " has " + v.length + " values, the members "
                        + ids + " make " + total);
            }
            System.arraycopy(v, 0, raw, f * total, total);
            bytes.clear();
            bytes.asFloatBuffer().put(v);
            sha.update(bytes.array());
            offset = 0;
            for (Member member : out) {
                System.arraycopy(v, offset, member.vectors(), f * member.dimension(), member.dimension());
                if (member.metric() == ModelDescriptor.Metric.COSINE) {
                    unitLength(member.vectors(), f * member.dimension(), member.dimension());
                }
                offset += member.dimension();
            }
        }
        String version = "sha256:" + HexFormat.of().formatHex(sha.digest(), 0, 12);
        return new Cohort(out, faces.size(), version, raw);
    }

    /** Number of faces. */
    public int size() {
        return size;
    }

    /** {@code sha256:} and 24 hex digits of the hash of the member models and every value. */
    public String version() {
        return version;
    }

    /** The member models whose embeddings the cohort holds, in member order. */
    public List<String> memberModelIds() {
        return members.stream().map(Member::modelId).toList();
    }

    /** The dimension of each member's embedding, in member order. */
    public int[] dimensions() {
        return members.stream().mapToInt(Member::dimension).toArray();
    }

    /** The face's distance to every cohort face under member {@code m}'s metric, given that member's part of it. */
    double[] distances(int m, float[] values, int offset) {
        Member member = members.get(m);
        int dim = member.dimension();
        float[] c = member.vectors();
        double[] out = new double[size];
        if (member.metric() == ModelDescriptor.Metric.COSINE) {
            double norm = 0;
            for (int i = 0; i < dim; i++) {
                norm += (double) values[offset + i] * values[offset + i];
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int f = 0; f < size; f++) {
                int at = f * dim;
                double dot = 0;
                for (int i = 0; i < dim; i++) {
                    dot += values[offset + i] * c[at + i];
                }
                out[f] = 1 - dot * inv;
            }
        } else {
            for (int f = 0; f < size; f++) {
                int at = f * dim;
                double sum = 0;
                for (int i = 0; i < dim; i++) {
                    double d = values[offset + i] - c[at + i];
                    sum += d * d;
                }
                out[f] = Math.sqrt(sum);
            }
        }
        return out;
    }

    /** Face {@code f} as {@link #of} took it (for writing the file). */
    Embedding face(int f) {
        int total = raw.length / size;
        return new Embedding(java.util.Arrays.copyOfRange(raw, f * total, (f + 1) * total));
    }

    private static void unitLength(float[] v, int offset, int length) {
        double n = 0;
        for (int i = 0; i < length; i++) {
            n += (double) v[offset + i] * v[offset + i];
        }
        if (n > 0) {
            double inv = 1 / Math.sqrt(n);
            for (int i = 0; i < length; i++) {
                v[offset + i] = (float) (v[offset + i] * inv);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Cohort[" + version + ", " + size + " faces of " + memberModelIds() + "]";
    }
}
