package org.facegate.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Per-thread reusable direct float buffers for model inputs, so the hot path allocates no tensor memory:
 * each thread keeps one buffer per purpose and grows it only when a larger batch arrives.
 */
public final class DirectBuffers {

    private final ThreadLocal<FloatBuffer> buffers = new ThreadLocal<>();

    /** A direct buffer of exactly {@code floats} elements (position 0, limit {@code floats}); contents undefined. */
    public FloatBuffer floats(int floats) {
        FloatBuffer b = buffers.get();
        if (b == null || b.capacity() < floats) {
            b = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            buffers.set(b);
        }
        b.clear();
        b.limit(floats);
        return b;
    }
}
