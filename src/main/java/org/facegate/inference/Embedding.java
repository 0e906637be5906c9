package org.facegate.inference;

import java.util.Arrays;

/**
 * A face embedding: the output vector of a recognition model. Biometric data: never log it,
 * {@link #toString()} deliberately prints only the dimension.
 */
public record Embedding(float[] values) {

    public Embedding {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("an embedding needs at least one value");
        }
        values = values.clone();
    }

    public int dimension() {
        return values.length;
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** The {@code length} values from {@code offset}: one member's part of a fused embedding. */
    public Embedding slice(int offset, int length) {
        if (offset == 0 && length == values.length) {
            return this;
        }
        if (offset < 0 || length < 1 || offset + length > values.length) {
            throw new IllegalArgumentException("no values " + offset + ".." + (offset + length) + " in an embedding of "
                    + values.length);
        }
        return new Embedding(Arrays.copyOfRange(values, offset, offset + length));
    }

    /** The members' embeddings one after the other, as a fused model's embedding holds them. */
    public static Embedding concat(Embedding... parts) {
        if (parts.length == 1) {
            return parts[0];
        }
        int n = 0;
        for (Embedding p : parts) {
            n += p.values.length;
        }
        float[] v = new float[n];
        int at = 0;
        for (Embedding p : parts) {
            System.arraycopy(p.values, 0, v, at, p.values.length);
            at += p.values.length;
        }
        return new Embedding(v);
    }

    /** Euclidean (L2) distance to {@code other}, which must have the same dimension. */
    public double euclideanDistance(Embedding other) {
        requireSameDimension(other);
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - other.values[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** Cosine distance (1 - cosine similarity) to {@code other}. */
    public double cosineDistance(Embedding other) {
        requireSameDimension(other);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < values.length; i++) {
            dot += (double) values[i] * other.values[i];
            na += (double) values[i] * values[i];
            nb += (double) other.values[i] * other.values[i];
        }
        return 1.0 - dot / Math.sqrt(na * nb);
    }

    private void requireSameDimension(Embedding other) {
        if (other.values.length != values.length) {
            throw new IllegalArgumentException(
                    "embedding dimensions differ: " + values.length + " vs " + other.values.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Embedding[dimension=" + values.length + "]";
    }
}
