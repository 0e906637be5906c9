package org.facegate.modelimport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * An npm package tarball ({@code npm pack} output: gzip'd ustar, every path under {@code package/}), checked
 * against its pinned registry integrity ({@code sha512-<base64>}) before a single byte of it is read as a tar.
 * Only regular files are returned; only the ones asked for are kept in memory.
 */
final class NpmTarball {

    private static final int BLOCK = 512;
    /** No file FaceGate takes from a package is anywhere near this; a larger entry means a wrong tarball. */
    private static final long MAX_ENTRY_BYTES = 64L << 20;

    private NpmTarball() {
    }

    /**
     * The files {@code wanted} (paths inside the package, without the {@code package/} prefix).
     * @throws IOException when the tarball's integrity differs from {@code integrity}, a wanted file is
     *                     missing, or the tar is malformed
     */
    static Map<String, byte[]> read(Path tarball, String integrity, Set<String> wanted) throws IOException {
        if (!Files.isRegularFile(tarball)) {
            throw new IOException("no package tarball at " + tarball + " (the build fetches it with `npm pack`)");
        }
        String actual = integrityOf(tarball);
        if (!actual.equals(integrity)) {
            throw new IOException(tarball + ": integrity " + actual + " differs from the pinned " + integrity);
        }
        Map<String, byte[]> found = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (readFully(in, header)) {
                if (isZero(header)) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                String octal = field(header, 124, 12).trim();
                long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
                if (size < 0 || size > MAX_ENTRY_BYTES) {
                    throw new IOException(tarball + ": entry " + name + " of " + size + " bytes");
                }
                char type = (char) header[156];
                String path = name.startsWith("package/") ? name.substring("package/".length()) : name;
                boolean regular = type == '0' || type == 0;
                if (regular && wanted.contains(path)) {
                    byte[] data = new byte[(int) size];
                    if (!readFully(in, data)) {
                        throw new IOException(tarball + ": truncated at " + name);
                    }
                    found.put(path, data);
                    in.skipNBytes(padding(size));
                } else {
                    in.skipNBytes(size + padding(size));
                }
            }
        }
        for (String w : wanted) {
            if (!found.containsKey(w)) {
                throw new IOException(tarball + " has no " + w);
            }
        }
        return found;
    }

    /** The npm-style integrity string of a file: {@code sha512-} and the base64 digest. */
    static String integrityOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
            return "sha512-" + Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] into) throws IOException {
        int n = in.readNBytes(into, 0, into.length);
        if (n == 0) {
            return false;
        }
        if (n < into.length) {
            throw new IOException("truncated tar block");
        }
        return true;
    }
}
