package org.facegate.padtraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The captures' listing (photos only, any depth, sorted by relative path) and the data hash's exact definition. */
class BonaFideCapturesTest {

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void listsPhotosAtAnyDepthSortedByRelativePathAndIgnoresOtherFiles() throws IOException {
        write("b/2.PNG", "x");
        write("a/z.jpg", "y");
        write("a/b/c.jp2", "z");
        write("a/notes.txt", "ignored");
        write("c.jpeg", "w");
        assertEquals(List.of("a/b/c.jp2", "a/z.jpg", "b/2.PNG", "c.jpeg"),
                BonaFideCaptures.list(dir).stream().map(BonaFideCaptures.Capture::relativePath).toList());
        assertThrows(IOException.class, () -> BonaFideCaptures.list(dir.resolve("missing")));
    }

    @Test
    void theHashIsSha256OverPathZeroLengthAndBytesOfEachPhotoInOrder() throws Exception {
        BonaFideCaptures.Digest d = new BonaFideCaptures.Digest();
        d.add("a/1.jpg", new byte[] {1, 2, 3});
        d.add("b.png", new byte[0]);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update("a/1.jpg".getBytes(StandardCharsets.UTF_8));
        expected.update(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3});
        expected.update("b.png".getBytes(StandardCharsets.UTF_8));
        expected.update(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertEquals("sha256:" + HexFormat.of().formatHex(expected.digest()), d.hex());

        BonaFideCaptures.Digest renamed = new BonaFideCaptures.Digest();
        renamed.add("a/2.jpg", new byte[] {1, 2, 3});
        renamed.add("b.png", new byte[0]);
        BonaFideCaptures.Digest same = new BonaFideCaptures.Digest();
        same.add("a/1.jpg", new byte[] {1, 2, 3});
        same.add("b.png", new byte[0]);
        String first = same.hex();
        assertNotEquals(first, renamed.hex(), "a renamed photo changes the hash");
        BonaFideCaptures.Digest shifted = new BonaFideCaptures.Digest();
        shifted.add("a/1.jpg", new byte[] {1, 2});
        shifted.add("b.png", new byte[] {3});
        assertNotEquals(first, shifted.hex(), "the length keeps photo boundaries apart");
    }
}
