package org.facegate.modelimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a TF.js weights manifest ({@code NAME-weights_manifest.json} plus its {@code .bin} shards) into
 * dequantised float tensors. A tensor with {@code quantization: {dtype: uint8, scale, min}} takes one byte
 * per value and is dequantised as {@code value = min + q * scale}; otherwise it is little-endian float32.
 * The shards are the concatenation of all tensors in manifest order, without padding.
 */
public final class WeightsManifest {

    private final Map<String, WeightTensor> tensors;

    private WeightsManifest(Map<String, WeightTensor> tensors) {
        this.tensors = tensors;
    }

    /** Loads {@code dir/modelName-weights_manifest.json}. Fails with a clear message on a malformed file. */
    public static WeightsManifest load(Path dir, String modelName) throws IOException {
        Path manifestFile = dir.resolve(modelName + "-weights_manifest.json");
        JsonNode groups = new ObjectMapper().readTree(manifestFile.toFile());
        Map<String, WeightTensor> out = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            ByteBuffer data = concatShards(dir, group.get("paths"));
            for (JsonNode w : group.get("weights")) {
                WeightTensor t = readTensor(w, data);
                out.put(t.name(), t);
            }
            if (data.hasRemaining()) {
                throw new IOException(manifestFile + ": " + data.remaining() + " bytes left after the last tensor");
            }
        }
        return new WeightsManifest(out);
    }

    private static ByteBuffer concatShards(Path dir, JsonNode paths) throws IOException {
        byte[][] shards = new byte[paths.size()][];
        int total = 0;
        for (int i = 0; i < paths.size(); i++) {
            shards[i] = Files.readAllBytes(dir.resolve(paths.get(i).asText()));
            total += shards[i].length;
        }
        ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] s : shards) {
            all.put(s);
        }
        return all.flip();
    }

    private static WeightTensor readTensor(JsonNode w, ByteBuffer data) throws IOException {
        String name = w.get("name").asText();
        JsonNode shapeNode = w.get("shape");
        int[] shape = new int[shapeNode.size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            count *= shape[i];
        }
        if (!"float32".equals(w.path("dtype").asText("float32"))) {
            throw new IOException(name + ": unsupported dtype " + w.get("dtype"));
        }
        float[] values = new float[count];
        JsonNode q = w.get("quantization");
        if (q == null) {
            data.asFloatBuffer().get(values);
            data.position(data.position() + count * 4);
        } else if ("uint8".equals(q.get("dtype").asText())) {
            // Computed in double and rounded once, as TF.js does (JavaScript numbers are doubles).
            double scale = q.get("scale").asDouble();
            double min = q.get("min").asDouble();
            for (int i = 0; i < count; i++) {
                values[i] = (float) ((data.get() & 0xff) * scale + min);
            }
        } else {
            throw new IOException(name + ": unsupported quantization " + q.get("dtype"));
        }
        return new WeightTensor(name, shape, values);
    }

    /** The tensor called {@code name}; fails if the manifest has none (the architecture would be wrong). */
    WeightTensor get(String name) {
        WeightTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("weights manifest has no tensor '" + name + "'");
        }
        return t;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** Number of parameters over all tensors. */
    public long parameterCount() {
        return tensors.values().stream().mapToLong(t -> t.values().length).sum();
    }

    public int tensorCount() {
        return tensors.size();
    }
}
