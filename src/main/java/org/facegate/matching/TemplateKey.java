package org.facegate.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES key that encrypts templates at rest, with its key id. The id is derived from the key (the first
 * 12 hex digits of a SHA-256 over a fixed label and the key), so a key file holds nothing but the key and the same
 * key always has the same id: a stored template names the key that sealed it, and keys can rotate.
 *
 * <p>Key file format: the key as standard base64 (44 characters), one line. {@code keygen --out FILE} writes one
 * with owner-only permissions. {@link #toString()} prints only the id.
 */
public final class TemplateKey {

    /** AES-256. */
    public static final int KEY_BYTES = 32;
    private static final byte[] ID_LABEL = "facegate template key id v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final SecretKey key;

    private TemplateKey(byte[] material) {
        if (material.length != KEY_BYTES) {
            throw new IllegalArgumentException("a template key must be " + KEY_BYTES + " bytes (AES-256), not "
                    + material.length);
        }
        this.key = new SecretKeySpec(material, "AES");
        this.id = deriveId(material);
        Arrays.fill(material, (byte) 0);
    }

    /** A fresh random key (e.g. the demo's ephemeral key). */
    public static TemplateKey generate() {
        byte[] material = new byte[KEY_BYTES];
        RANDOM.nextBytes(material);
        return new TemplateKey(material);
    }

    /** Reads a key from its base64 text; throws {@link IllegalArgumentException} without echoing the text. */
    public static TemplateKey fromBase64(String text) {
        byte[] material;
        try {
            material = Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a template key must be " + KEY_BYTES + " bytes in standard base64");
        }
        return new TemplateKey(material);
    }

    /** Reads a key file; the message of any failure names the file, never its content. */
    public static TemplateKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read template key file " + file + ": " + e.getMessage());
        }
        try {
            return fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("template key file " + file + ": " + e.getMessage());
        }
    }

    /** Writes the key to a new file, readable by the owner only (where the file system has POSIX permissions). */
    public void write(Path file) {
        byte[] text = (Base64.getEncoder().encodeToString(key.getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Files.write(file, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.setPosixFilePermissions(file, ownerOnly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write template key file " + file, e);
        }
    }

    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    private static String deriveId(byte[] material) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ID_LABEL);
            return HexFormat.of().formatHex(sha.digest(material), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateKey k && id.equals(k.id) && MessageDigest.isEqual(key.getEncoded(), k.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "TemplateKey[" + id + "]";
    }
}
