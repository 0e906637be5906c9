package org.facegate.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.facegate.inference.Embedding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates sealed at rest: AES-256-GCM, key id in clear, bound to the documentId, readable after rotation. */
class TemplateKeyRingTest {

    private static final TemplateKey A = TemplateKey.generate();
    private static final TemplateKey B = TemplateKey.generate();

    private static TemplateSet templates(long seed) {
        Random random = new Random(seed);
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian() * 0.1f;
        }
        return new TemplateSet("model@1", List.of(new Template(Instant.parse("2025-06-01T08:00:00Z"), new Embedding(v))));
    }

    /** True if any 16 consecutive bytes of the plaintext form (four floats) occur in {@code stored}. */
    private static boolean containsPlaintext(byte[] stored, TemplateSet set) {
        byte[] plain = TemplateCodec.encode(set);
        for (int start = 20; start + 16 <= plain.length; start += 4) {
            outer:
            for (int i = 0; i + 16 <= stored.length; i++) {
                for (int j = 0; j < 16; j++) {
                    if (stored[i + j] != plain[start + j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    @Test
    void sealedTemplatesOpenToTheSameSetAndHoldNoPlaintext() {
        TemplateKeyRing ring = TemplateKeyRing.of(A);
        TemplateSet set = templates(1);
        byte[] sealed = ring.seal("P1", set);
        assertEquals(TemplateKeyRing.SEALED, sealed[0]);
        assertEquals(A.id(), TemplateKeyRing.keyId(sealed).orElseThrow());
        assertFalse(containsPlaintext(sealed, set));
        assertFalse(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains("model@1"), "model id is sealed too");
        TemplateKeyRing.Opened opened = ring.open("P1", sealed);
        assertTrue(opened.current());
        assertArrayEquals(TemplateCodec.encode(set), TemplateCodec.encode(opened.set()));
        assertNotEquals(Base64.getEncoder().encodeToString(sealed),
                Base64.getEncoder().encodeToString(ring.seal("P1", set)), "a fresh nonce each time");
    }

    @Test
    void aSealedValueCannotBeMovedToAnotherIdentityOrTamperedWith() {
        TemplateKeyRing ring = TemplateKeyRing.of(A);
        byte[] sealed = ring.seal("P1", templates(1));
        TemplateKeyRing.UnreadableTemplatesException moved = assertThrows(TemplateKeyRing.UnreadableTemplatesException.class,
                () -> ring.open("P2", sealed));
        assertTrue(moved.getMessage().contains("authentication"), moved.getMessage());
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 20] ^= 1;
        assertThrows(TemplateKeyRing.UnreadableTemplatesException.class, () -> ring.open("P1", tampered));
        assertThrows(TemplateKeyRing.UnreadableTemplatesException.class,
                () -> ring.open("P1", java.util.Arrays.copyOf(sealed, 20)));
    }

    @Test
    void rotationReadsOldKeysAsStaleAndUnknownKeysAreNamedInTheError() {
        byte[] underA = TemplateKeyRing.of(A).seal("P1", templates(2));
        TemplateKeyRing rotated = TemplateKeyRing.of(B, List.of(A));
        assertEquals(List.of(B.id(), A.id()), rotated.keyIds());
        TemplateKeyRing.Opened opened = rotated.open("P1", underA);
        assertFalse(opened.current(), "sealed under the previous key: due for re-sealing");
        assertFalse(rotated.isCurrent(underA));
        assertTrue(rotated.isCurrent(rotated.seal("P1", opened.set())));

        TemplateKeyRing onlyB = TemplateKeyRing.of(B);
        TemplateKeyRing.UnreadableTemplatesException e = assertThrows(TemplateKeyRing.UnreadableTemplatesException.class,
                () -> onlyB.open("P1", underA));
        assertTrue(e.getMessage().contains(A.id()), e.getMessage());
    }

    @Test
    void plaintextRingWritesTheCodecFormAndCannotReadSealedValues() {
        TemplateKeyRing plaintext = TemplateKeyRing.plaintext();
        TemplateSet set = templates(3);
        byte[] stored = plaintext.seal("P1", set);
        assertArrayEquals(TemplateCodec.encode(set), stored);
        assertTrue(plaintext.open("P1", stored).current());
        assertFalse(plaintext.encrypts());
        assertThrows(TemplateKeyRing.UnreadableTemplatesException.class,
                () -> plaintext.open("P1", TemplateKeyRing.of(A).seal("P1", set)));
        // A keyed ring reads plaintext (migration) and marks it for re-sealing.
        assertFalse(TemplateKeyRing.of(A).open("P1", stored).current());
    }

    @Test
    void keyFilesRoundTripOwnerOnlyAndNeverPrintTheKey(@TempDir Path dir) throws IOException {
        TemplateKey key = TemplateKey.generate();
        Path file = dir.resolve("template.key");
        key.write(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        TemplateKey read = TemplateKey.read(file);
        assertEquals(key, read);
        assertEquals(key.id(), read.id());
        assertEquals(12, key.id().length());
        String text = Files.readString(file).trim();
        assertFalse(key.toString().contains(text));
        assertThrows(java.io.UncheckedIOException.class, () -> key.write(file), "never overwrites");

        Files.writeString(dir.resolve("short.key"), Base64.getEncoder().encodeToString(new byte[16]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TemplateKey.read(dir.resolve("short.key")));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        Files.writeString(dir.resolve("bad.key"), "not base64 secret!");
        e = assertThrows(IllegalArgumentException.class, () -> TemplateKey.read(dir.resolve("bad.key")));
        assertFalse(e.getMessage().contains("secret"), "the file content is not echoed: " + e.getMessage());
    }

    @Test
    void anyPayloadIsSealedBoundToItsNameAndOpensOnlyUnderIt() {
        TemplateKeyRing ring = TemplateKeyRing.of(TemplateKey.generate());
        byte[] payload = {1, 42, 43, 44, 45};
        byte[] sealed = ring.seal("facegate-cohort", payload.clone());
        assertFalse(java.util.Arrays.equals(payload, sealed));
        assertArrayEquals(payload, ring.openPayload("facegate-cohort", sealed, "cohort"));
        TemplateKeyRing.UnreadableTemplatesException e = assertThrows(TemplateKeyRing.UnreadableTemplatesException.class,
                () -> ring.openPayload("P1", sealed, "cohort"));
        assertTrue(e.getMessage().contains("cohort"), e.getMessage());
        assertArrayEquals(payload, TemplateKeyRing.plaintext().seal("x", payload), "plaintext ring: as it is");
        assertThrows(IllegalArgumentException.class, () -> ring.seal("x", new byte[] {7, 1}),
                "a payload starts with its format version 1");
    }
}
