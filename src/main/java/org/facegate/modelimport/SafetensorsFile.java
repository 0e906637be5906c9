package org.facegate.modelimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file read without Python or pickle: an 8-byte little-endian header length, a JSON header that maps
 * each tensor name to its {@code dtype}, {@code shape} and {@code data_offsets} ({@code [begin, end)} in bytes from
 * the start of the data that follows the header), an optional {@code __metadata__} object of strings, then the raw
 * little-endian data. Only {@code F32} and {@code I64} tensors are accepted (what PyTorch state dicts of float
 * models hold).
 *
 * <p>Everything is validated before any value is read: a header length beyond the file, a header that is not a JSON
 * object, an unknown dtype, a negative dimension, offsets outside the data, a byte length that does not match
 * {@code dtype x shape}, or two tensors sharing bytes all end in an {@link IOException} whose message names the file
 * and the tensor.
 */
public final class SafetensorsFile {

    /** The element types read. */
    public enum Dtype {
        F32(4), I64(8);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }
    }

    /** One tensor's entry of the header: offsets are relative to the data section. */
    public record Entry(String name, Dtype dtype, long[] shape, long begin, long end) {

        /** The number of elements ({@code 1} for a scalar). */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The shape as ints (all dimensions of the tensors read here fit). */
        public int[] intShape() {
            return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        }
    }

    /** Headers larger than this are refused before being read (the spec's own limit is 100 MB). */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;
    private final ByteBuffer data;

    private SafetensorsFile(String source, Map<String, Entry> entries, Map<String, String> metadata, ByteBuffer data) {
        this.source = source;
        this.entries = entries;
        this.metadata = metadata;
        this.data = data;
    }

    /**
     * Reads and validates a file.
     * @throws IOException when it cannot be read or is not a valid safetensors file (the message says why)
     */
    public static SafetensorsFile read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    /** As {@link #read(Path)} for bytes already in memory; {@code source} names them in messages. */
    public static SafetensorsFile parse(String source, byte[] bytes) throws IOException {
        if (bytes.length < 8) {
            throw new IOException(source + ": " + bytes.length + " bytes, too short for a safetensors header length");
        }
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = all.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8L) {
            throw new IOException(source + ": header length " + Long.toUnsignedString(headerLength)
                    + " does not fit the file (" + bytes.length + " bytes)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(source + ": header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new IOException(source + ": header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.put(field.getKey(), entry(source, field.getKey(), field.getValue(), dataLength));
        }
        requireNoOverlap(source, entries.values());
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) dataLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new SafetensorsFile(source, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata),
                data);
    }

    private static Entry entry(String source, String name, JsonNode node, long dataLength) throws IOException {
        String where = source + ": tensor '" + name + "'";
        if (!node.isObject()) {
            throw new IOException(where + ": header entry is not an object");
        }
        String dtypeName = node.path("dtype").asText("");
        Dtype dtype;
        try {
            dtype = Dtype.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": dtype '" + dtypeName + "' is not supported (F32 or I64)");
        }
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new IOException(where + ": needs a shape array and data_offsets [begin, end]");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw new IOException(where + ": dimension " + i + " is not a non-negative integer: " + d);
            }
            shape[i] = d.asLong();
            elements = Math.multiplyExact(elements, shape[i]);
        }
        if (!offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw new IOException(where + ": data_offsets are not integers: " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataLength) {
            throw new IOException(where + ": data_offsets [" + begin + ", " + end + ") lie outside the " + dataLength
                    + " data bytes");
        }
        long expected = Math.multiplyExact(elements, dtype.bytes);
        if (end - begin != expected) {
            throw new IOException(where + ": " + (end - begin) + " bytes, but " + dtype + " " + Arrays.toString(shape)
                    + " needs " + expected);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void requireNoOverlap(String source, java.util.Collection<Entry> entries) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.removeIf(e -> e.begin() == e.end());
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw new IOException(source + ": tensor '" + b.name() + "' [" + b.begin() + ", " + b.end()
                        + ") overlaps tensor '" + a.name() + "' [" + a.begin() + ", " + a.end() + ")");
            }
        }
    }

    /** Tensor names in header order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The header's {@code __metadata__} (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** @throws IllegalArgumentException when there is no tensor {@code name} */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException(source + ": no tensor '" + name + "'");
        }
        return e;
    }

    /** An {@code F32} tensor's values in row-major order. */
    public float[] floats(String name) {
        Entry e = typed(name, Dtype.F32);
        float[] v = new float[(int) e.elements()];
        data.slice((int) e.begin(), (int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /** An {@code I64} tensor's values in row-major order. */
    public long[] longs(String name) {
        Entry e = typed(name, Dtype.I64);
        long[] v = new long[(int) e.elements()];
        data.slice((int) e.begin(), (int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
        return v;
    }

    /** The sum of all tensors' element counts. */
    public long elementCount() {
        return entries.values().stream().mapToLong(Entry::elements).sum();
    }

    private Entry typed(String name, Dtype dtype) {
        Entry e = entry(name);
        if (e.dtype() != dtype) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' is " + e.dtype() + ", not " + dtype);
        }
        return e;
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + source + ", " + entries.size() + " tensors]";
    }
}
