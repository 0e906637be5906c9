package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsManifestTest {

    private static final String MANIFEST = """
            [{"paths": ["m.bin"], "weights": [
              {"name": "q", "shape": [2, 2], "dtype": "float32",
               "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0}},
              {"name": "f", "shape": [3], "dtype": "float32"}
            ]}]""";

    @Test
    void dequantisesUint8AsMinPlusQTimesScaleAndReadsFloat32InManifestOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m-weights_manifest.json"), MANIFEST);
        ByteBuffer bin = ByteBuffer.allocate(4 + 12).order(ByteOrder.LITTLE_ENDIAN);
        bin.put((byte) 0).put((byte) 1).put((byte) 2).put((byte) 255);
        bin.putFloat(1.5f).putFloat(-2f).putFloat(3.25f);
        Files.write(dir.resolve("m.bin"), bin.array());

        WeightsManifest m = WeightsManifest.load(dir, "m");

        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 126.5f}, m.get("q").values());
        assertArrayEquals(new int[] {2, 2}, m.get("q").shape());
        assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, m.get("f").values());
        assertEquals(7, m.parameterCount());
    }

    @Test
    void refusesAShardWithBytesLeftOver(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m-weights_manifest.json"), MANIFEST);
        Files.write(dir.resolve("m.bin"), new byte[4 + 12 + 1]);
        assertThrows(IOException.class, () -> WeightsManifest.load(dir, "m"));
    }

    @Test
    void hwioFiltersBecomeOihw() {
        // [kh=1, kw=2, in=2, out=3], value = 100*h + 10*w... encoded by position.
        float[] hwio = new float[12];
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    hwio[(w * 2 + i) * 3 + o] = 100 * o + 10 * i + w;
                }
            }
        }
        float[] oihw = new WeightTensor("t", new int[] {1, 2, 2, 3}, hwio).hwioToOihw();
        for (int o = 0; o < 3; o++) {
            for (int i = 0; i < 2; i++) {
                for (int w = 0; w < 2; w++) {
                    assertEquals(100 * o + 10 * i + w, oihw[(o * 2 + i) * 2 + w]);
                }
            }
        }
    }
}
