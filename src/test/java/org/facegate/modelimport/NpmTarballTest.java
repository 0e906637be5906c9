package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tarball is read only when its integrity matches the pin, and only the files asked for come back. */
class NpmTarballTest {

    @Test
    void readsWantedFilesOfAMatchingTarball(@TempDir Path dir) throws IOException {
        Path tgz = dir.resolve("p.tgz");
        Files.write(tgz, pack(Map.of("LICENSE", "MIT".getBytes(StandardCharsets.UTF_8), "model/a.onnx", new byte[700])));
        Map<String, byte[]> got = NpmTarball.read(tgz, NpmTarball.integrityOf(tgz), Set.of("model/a.onnx"));
        assertArrayEquals(new byte[700], got.get("model/a.onnx"));
        assertTrue(!got.containsKey("LICENSE"));
    }

    @Test
    void refusesATarballWhoseIntegrityDiffers(@TempDir Path dir) throws IOException {
        Path tgz = dir.resolve("p.tgz");
        Files.write(tgz, pack(Map.of("LICENSE", new byte[3])));
        IOException e = assertThrows(IOException.class,
                () -> NpmTarball.read(tgz, FacepluginImport.INTEGRITY, Set.of("LICENSE")));
        assertTrue(e.getMessage().contains("differs from the pinned"), e.getMessage());
    }

    @Test
    void namesAMissingFile(@TempDir Path dir) throws IOException {
        Path tgz = dir.resolve("p.tgz");
        Files.write(tgz, pack(Map.of("LICENSE", new byte[3])));
        IOException e = assertThrows(IOException.class,
                () -> NpmTarball.read(tgz, NpmTarball.integrityOf(tgz), Set.of("model/fr_feature.onnx")));
        assertTrue(e.getMessage().contains("model/fr_feature.onnx"), e.getMessage());
    }

    /** A tar.gz of {@code files} under {@code package/}, as npm packs it (ustar headers, 512-byte blocks). */
    private static byte[] pack(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] h = new byte[512];
            byte[] name = ("package/" + f.getKey()).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, h, 0, name.length);
            byte[] size = String.format("%011o", f.getValue().length).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(size, 0, h, 124, size.length);
            h[156] = '0';
            tar.write(h);
            tar.write(f.getValue());
            tar.write(new byte[(512 - f.getValue().length % 512) % 512]);
        }
        tar.write(new byte[1024]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar.toByteArray());
        }
        return gz.toByteArray();
    }
}
