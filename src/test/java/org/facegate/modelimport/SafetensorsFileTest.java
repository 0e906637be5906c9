package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader on files this test writes byte by byte: a good file reads back exactly, and each kind of
 * damage (offsets outside the data, overlapping, not matching dtype x shape, an unknown dtype, a header length past
 * the end, a truncated header) is refused with an {@link IOException} that says what is wrong and names the tensor.
 * Also the two vendored MiniFASNet files: the tensor and value counts their README states.
 */
class SafetensorsFileTest {

    @TempDir
    Path dir;

    /** A file: 8-byte little-endian header length, the header, the data. */
    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final float[] W = {1.5f, -2f, 3.25f, 0f, -0.125f, 1e-7f};

    private static byte[] goodData() {
        return concat(floats(W), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(42).array());
    }

    private static String goodHeader() {
        return "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[24,32]}}";
    }

    private IOException refused(String header, byte[] data) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, file(header, data));
        return assertThrows(IOException.class, () -> SafetensorsFile.read(f));
    }

    @Test
    void aGoodFileReadsBackEveryValueShapeAndTheMetadata() throws IOException {
        Path f = dir.resolve("good.safetensors");
        Files.write(f, file(goodHeader(), goodData()));
        SafetensorsFile s = SafetensorsFile.read(f);
        assertEquals(List.of("w", "n"), s.names());
        assertArrayEquals(W, s.floats("w"));
        assertArrayEquals(new int[] {2, 3}, s.entry("w").intShape());
        assertArrayEquals(new long[] {42}, s.longs("n"), "a scalar I64 has one element");
        assertEquals("pt", s.metadata().get("format"));
        assertEquals(7, s.elementCount());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> s.floats("n"));
        assertTrue(wrongType.getMessage().contains("'n' is I64"), wrongType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.floats("missing"));
    }

    @Test
    void offsetsBeyondTheDataAreRefusedNamingTheTensor() throws IOException {
        IOException e = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]}}", floats(W));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("outside the 24 data bytes"), e.getMessage());
        IOException negative = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", floats(W));
        assertTrue(negative.getMessage().contains("'w'"), negative.getMessage());
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        IOException e = refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", floats(W));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("overlaps tensor 'a'"), e.getMessage());
    }

    @Test
    void aByteLengthThatIsNotDtypeTimesShapeIsRefused() throws IOException {
        IOException e = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,24]}}", floats(W));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("24 bytes, but F32 [2, 2] needs 16"),
                e.getMessage());
    }

    @Test
    void anUnknownDtypeIsRefusedNamingTheTensorAndTheType() throws IOException {
        IOException e = refused("{\"half\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", floats(W));
        assertTrue(e.getMessage().contains("'half'") && e.getMessage().contains("'BF16' is not supported"),
                e.getMessage());
    }

    @Test
    void aHeaderLengthPastTheEndOfTheFileIsRefused() throws IOException {
        byte[] good = file(goodHeader(), goodData());
        ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).putLong(0, good.length);
        Path f = dir.resolve("long.safetensors");
        Files.write(f, good);
        IOException e = assertThrows(IOException.class, () -> SafetensorsFile.read(f));
        assertTrue(e.getMessage().contains("header length " + good.length + " does not fit the file"), e.getMessage());
        // A huge (or, read as signed, negative) length is refused the same way, before anything is allocated.
        ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        Files.write(f, good);
        IOException huge = assertThrows(IOException.class, () -> SafetensorsFile.read(f));
        assertTrue(huge.getMessage().contains("does not fit the file"), huge.getMessage());
    }

    @Test
    void aTruncatedFileIsRefusedWhereverItIsCut() throws IOException {
        byte[] good = file(goodHeader(), goodData());
        Path f = dir.resolve("cut.safetensors");
        for (int cut : new int[] {0, 5, 8, 40, good.length - 32 - 1, good.length - 1}) {
            Files.write(f, Arrays.copyOf(good, cut));
            IOException e = assertThrows(IOException.class, () -> SafetensorsFile.read(f), "cut at " + cut);
            assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
        }
    }

    @Test
    void aHeaderThatIsNotAJsonObjectIsRefused() throws IOException {
        IOException e = refused("{\"w\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]", floats(W));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        IOException array = refused("[1, 2, 3]", floats(W));
        assertTrue(array.getMessage().contains("not a JSON object"), array.getMessage());
    }

    @Test
    void theVendoredMiniFasNetFilesHoldTheTensorsTheirReadmeStates() throws IOException {
        SafetensorsFile v2 = SafetensorsFile.read(Path.of(MiniFasNetImport.VENDORED_DIR, MiniFasNetImport.V2.weights()));
        SafetensorsFile v1se = SafetensorsFile.read(Path.of(MiniFasNetImport.VENDORED_DIR,
                MiniFasNetImport.V1SE.weights()));
        assertEquals(334, v2.names().size());
        assertEquals(444_978, v2.elementCount());
        assertEquals(370, v1se.names().size());
        assertEquals(444_610, v1se.elementCount());
        assertArrayEquals(new int[] {512, 1, 5, 5}, v2.entry("conv_6_dw.conv.weight").intShape(), "conv6_kernel 5x5");
        assertTrue(v1se.contains("conv_3.model.3.se_module.fc1.weight") && !v2.contains("conv_3.model.3.se_module.fc1.weight"));
    }
}
