package org.facegate.matching;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.facegate.inference.Embedding;

/**
 * The stored form of a {@link TemplateSet}: small, binary, versioned, so that template encryption (AES-GCM) can
 * wrap the bytes unchanged. Layout (big-endian): {@code u8 version=1, UTF modelId, i32 count, i32 dimension},
 * then per template {@code i64 enrolledAt epoch millis, f32[dimension]}. 128-d templates: 520 bytes each.
 */
public final class TemplateCodec {

    static final byte VERSION = 1;
    private static final int MAX_TEMPLATES = 1000;
    private static final int MAX_DIMENSION = 8192;

    private TemplateCodec() {
    }

    public static byte[] encode(TemplateSet set) {
        int dimension = set.templates().get(0).embedding().dimension();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + set.size() * (8 + 4 * dimension));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(set.modelId());
            out.writeInt(set.size());
            out.writeInt(dimension);
            for (Template t : set.templates()) {
                out.writeLong(t.enrolledAt().toEpochMilli());
                for (float v : t.embedding().values()) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen with a byte array
        }
        return bytes.toByteArray();
    }

    /** Throws {@link IllegalArgumentException} for bytes that are not a template set of a known version. */
    public static TemplateSet decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown template set version " + version);
            }
            String modelId = in.readUTF();
            int count = in.readInt();
            int dimension = in.readInt();
            if (count < 1 || count > MAX_TEMPLATES || dimension < 1 || dimension > MAX_DIMENSION) {
                throw new IllegalArgumentException("corrupt template set header");
            }
            List<Template> templates = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Instant enrolledAt = Instant.ofEpochMilli(in.readLong());
                float[] values = new float[dimension];
                for (int j = 0; j < dimension; j++) {
                    values[j] = in.readFloat();
                }
                templates.add(new Template(enrolledAt, new Embedding(values)));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after template set");
            }
            return new TemplateSet(modelId, templates);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated template set", e);
        }
    }

    /** A Kafka serde over {@link #encode}/{@link #decode}, for the state store. */
    public static Serde<TemplateSet> serde() {
        Serializer<TemplateSet> serializer = (topic, set) -> set == null ? null : encode(set);
        Deserializer<TemplateSet> deserializer = (topic, data) -> data == null ? null : decode(data);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
