package org.facegate.padtraining;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A camera's genuine captures for {@code calibrate-pad}: every photo file ({@code .jpg .jpeg .png .jp2 .j2k}, any case)
 * under a folder at any depth, sorted by relative path ({@link String} order, {@code /} separators), so every run sees
 * the same sequence; other files are ignored.
 *
 * <p>The data's hash ({@link Digest}) is SHA-256 over the photos in that order, each as: its relative path in UTF-8,
 * one 0 byte, its length in bytes as a big-endian 64-bit integer, its bytes. Moving the folder keeps the hash; renaming,
 * adding, removing or changing a photo changes it.
 */
public final class BonaFideCaptures {

    /** One photo: the file and its path relative to the folder, with {@code /} separators. */
    public record Capture(Path file, String relativePath) {
    }

    private BonaFideCaptures() {
    }

    /**
     * @throws IOException when {@code dir} is not a folder or cannot be listed
     */
    public static List<Capture> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(BonaFideCaptures::isPhoto)
                    .map(p -> new Capture(p, relative(dir, p)))
                    .sorted(java.util.Comparator.comparing(Capture::relativePath)).toList();
        }
    }

    private static String relative(Path dir, Path file) {
        StringBuilder s = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            s.append(s.isEmpty() ? "" : "/").append(part);
        }
        return s.toString();
    }

    private static boolean isPhoto(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".jp2") || n.endsWith(".j2k");
    }

    /** The running SHA-256 of the captures, fed one photo at a time in list order. */
    public static final class Digest {

        private final MessageDigest sha256;

        public Digest() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        public void add(String relativePath, byte[] bytes) {
            sha256.update(relativePath.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
            sha256.update(bytes);
        }

        /** {@code sha256:} and 64 lower-case hex digits; the digest is finished and reset. */
        public String hex() {
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        }
    }
}
