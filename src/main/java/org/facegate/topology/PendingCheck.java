package org.facegate.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A check record as kept in the {@code pending-checks} store while it waits for its micro-batch: timestamp, key,
 * headers and the original value bytes, so that its verdict, written later (also after a restart), looks as if the
 * check had been answered at once (same timestamp and headers, e.g. tracing).
 *
 * <p>Layout (big-endian): {@code u8 0xFE, i64 timestamp, i32 key length, key, i32 header count, per header
 * (i32 name length, UTF-8 name, i32 value length or -1, value), value}. Values written before headers were kept
 * ({@code i64 timestamp, i32 key length, key, value}, first byte 0 for any real timestamp) are still read.
 */
record PendingCheck(long timestamp, byte[] key, Headers headers, byte[] value) {

    private static final byte WITH_HEADERS = (byte) 0xFE;

    byte[] encode() {
        Header[] all = headers.toArray();
        int size = 1 + 8 + 4 + key.length + 4 + value.length;
        byte[][] names = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            names[i] = all[i].key().getBytes(StandardCharsets.UTF_8);
            size += 8 + names[i].length + (all[i].value() == null ? 0 : all[i].value().length);
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(WITH_HEADERS).putLong(timestamp).putInt(key.length).put(key)
                .putInt(all.length);
        for (int i = 0; i < all.length; i++) {
            b.putInt(names[i].length).put(names[i]);
            byte[] v = all[i].value();
            b.putInt(v == null ? -1 : v.length);
            if (v != null) {
                b.put(v);
            }
        }
        return b.put(value).array();
    }

    static PendingCheck decode(byte[] stored) {
        ByteBuffer b = ByteBuffer.wrap(stored);
        boolean withHeaders = stored[0] == WITH_HEADERS;
        if (withHeaders) {
            b.get();
        }
        long timestamp = b.getLong();
        byte[] key = new byte[b.getInt()];
        b.get(key);
        Headers headers = new RecordHeaders();
        if (withHeaders) {
            int count = b.getInt();
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[b.getInt()];
                b.get(name);
                int length = b.getInt();
                byte[] v = null;
                if (length >= 0) {
                    v = new byte[length];
                    b.get(v);
                }
                headers.add(new String(name, StandardCharsets.UTF_8), v);
            }
        }
        byte[] value = new byte[b.remaining()];
        b.get(value);
        return new PendingCheck(timestamp, key, headers, value);
    }
}
