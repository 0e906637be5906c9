package org.facegate.matching;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * How templates are stored at rest (state store and its changelog): sealed with AES-256-GCM under the current
 * {@link TemplateKey}, readable under the current or any previous key, or, for development only, in plaintext.
 *
 * <p>Stored forms, told apart by their first byte:
 * <ul>
 *   <li>{@code 0x01}: plaintext, exactly {@link TemplateCodec}'s bytes (its version byte);</li>
 *   <li>{@code 0x02}: sealed: {@code 0x02, u8 n, key id (n ASCII bytes), 12-byte random nonce, AES-GCM ciphertext of
 *       the TemplateCodec bytes with its 16-byte tag}. The additional authenticated data is the header (version and
 *       key id) followed by the documentId in UTF-8, so a sealed value cannot be moved to another identity or
 *       relabelled with another key id without failing to open.</li>
 * </ul>
 * The key id is in clear, so stale values (under a previous key, or plaintext) are found without decrypting. Random
 * 96-bit nonces: at most 2^32 seals per key keeps the nonce-collision risk negligible (NIST SP 800-38D); rotate
 * keys well before (templates are re-sealed on rotation, see {@code docs/reliability.md}).
 *
 * <p>Thread-safe.
 */
public final class TemplateKeyRing {

    static final byte PLAINTEXT = TemplateCodec.VERSION;
    static final byte SEALED = 2;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What was read from the store. {@code current}: stored as this ring would store it now (no re-seal due). */
    public record Opened(TemplateSet set, boolean current) {
    }

    /** A stored value that this ring cannot open; the message names the key id, never data. */
    public static final class UnreadableTemplatesException extends RuntimeException {
        public UnreadableTemplatesException(String message) {
            super(message);
        }
    }

    private final TemplateKey current;
    private final Map<String, TemplateKey> byId;

    private TemplateKeyRing(TemplateKey current, List<TemplateKey> previous) {
        this.current = current;
        Map<String, TemplateKey> keys = new LinkedHashMap<>();
        if (current != null) {
            keys.put(current.id(), current);
        }
        for (TemplateKey k : previous) {
            keys.putIfAbsent(k.id(), k);
        }
        this.byId = java.util.Collections.unmodifiableMap(keys);
    }

    /** Development only: stores templates unencrypted and cannot read sealed ones. */
    public static TemplateKeyRing plaintext() {
        return new TemplateKeyRing(null, List.of());
    }

    /** Seals under {@code current}; opens values sealed under {@code current} or any of {@code previous}. */
    public static TemplateKeyRing of(TemplateKey current, List<TemplateKey> previous) {
        if (current == null) {
            throw new IllegalArgumentException("a key ring needs a current key (or use plaintext())");
        }
        return new TemplateKeyRing(current, previous);
    }

    public static TemplateKeyRing of(TemplateKey current) {
        return of(current, List.of());
    }

    /** True when templates are sealed (a current key exists). */
    public boolean encrypts() {
        return current != null;
    }

    /** The id of the key new templates are sealed under. */
    public Optional<String> currentKeyId() {
        return current == null ? Optional.empty() : Optional.of(current.id());
    }

    /** The ids of every key this ring can open with, current first. */
    public List<String> keyIds() {
        return List.copyOf(byId.keySet());
    }

    /** The stored form of {@code set} for {@code documentId}. */
    public byte[] seal(String documentId, TemplateSet set) {
        byte[] plain = TemplateCodec.encode(set);
        try {
            return seal(documentId, plain);
        } finally {
            if (current != null) {
                java.util.Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * The stored form of any biometric payload (a score-normalisation cohort, say) in the same two forms as templates:
     * the payload itself when this ring is plaintext (its first byte must then be its own format version 1, as
     * TemplateCodec's is), else sealed with {@code associatedData} authenticated in place of a documentId.
     */
    public byte[] seal(String associatedData, byte[] plain) {
        if (plain.length == 0 || plain[0] != PLAINTEXT) {
            throw new IllegalArgumentException("a payload to store starts with its format version " + PLAINTEXT);
        }
        if (current == null) {
            return plain;
        }
        byte[] header = header(current.id());
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(header, associatedData));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length)
                    .put(header).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stored value of {@code documentId}.
     *
     * @throws UnreadableTemplatesException when the value is sealed under a key this ring lacks, fails
     *                                      authentication (tampered, or stored under another documentId), or is corrupt
     */
    public Opened open(String documentId, byte[] stored) {
        byte[] plain = openPayload(documentId, stored, "templates");
        boolean sealed = stored[0] != PLAINTEXT;
        try {
            return new Opened(TemplateCodec.decode(plain), sealed ? isCurrent(stored) : current == null);
        } catch (IllegalArgumentException e) {
            throw new UnreadableTemplatesException("corrupt " + (sealed ? "sealed" : "plaintext") + " templates: "
                    + e.getMessage());
        } finally {
            if (sealed) {
                java.util.Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * Reads a payload stored by {@link #seal(String, byte[])} under {@code associatedData}; a plaintext one comes back
     * as it is.
     *
     * @param what names the payload in messages ("templates", "cohort")
     * @throws UnreadableTemplatesException as {@link #open}
     */
    public byte[] openPayload(String associatedData, byte[] stored, String what) {
        if (stored == null || stored.length == 0) {
            throw new UnreadableTemplatesException("empty stored " + what);
        }
        if (stored[0] == PLAINTEXT) {
            return stored;
        }
        String keyId = keyId(stored).orElseThrow(() ->
                new UnreadableTemplatesException("unknown stored " + what + " format " + (stored[0] & 0xFF)));
        TemplateKey key = byId.get(keyId);
        if (key == null) {
            throw new UnreadableTemplatesException(what + ("templates".equals(what) ? " are" : " is") + " sealed under key " + keyId
                    + ", which is not configured (keys: " + (byId.isEmpty() ? "none" : String.join(", ", byId.keySet())) + ")");
        }
        int headerLength = 2 + keyId.length();
        if (stored.length < headerLength + NONCE_BYTES + TAG_BITS / 8) {
            throw new UnreadableTemplatesException("truncated sealed " + what);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, stored, headerLength, NONCE_BYTES));
            cipher.updateAAD(aad(java.util.Arrays.copyOf(stored, headerLength), associatedData));
            return cipher.doFinal(stored, headerLength + NONCE_BYTES, stored.length - headerLength - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new UnreadableTemplatesException("sealed " + what + " fail authentication under key " + keyId
                    + " (tampered, or stored under another " + ("templates".equals(what) ? "documentId" : "name") + ")");
        } catch (GeneralSecurityException e) {
            throw new UnreadableTemplatesException("cannot open sealed " + what + ": " + e.getClass().getSimpleName());
        }
    }

    /** Whether {@code stored} is in the form this ring writes now (judged from the header alone). */
    public boolean isCurrent(byte[] stored) {
        if (stored == null || stored.length == 0) {
            return false;
        }
        if (current == null) {
            return stored[0] == PLAINTEXT;
        }
        return keyId(stored).map(current.id()::equals).orElse(false);
    }

    /** The key id of a sealed value; empty for plaintext or an unknown format. */
    public static Optional<String> keyId(byte[] stored) {
        if (stored == null || stored.length < 2 || stored[0] != SEALED) {
            return Optional.empty();
        }
        int n = stored[1] & 0xFF;
        if (n == 0 || stored.length < 2 + n) {
            return Optional.empty();
        }
        return Optional.of(new String(stored, 2, n, StandardCharsets.US_ASCII));
    }

    private static byte[] header(String keyId) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(2 + id.length).put(SEALED).put((byte) id.length).put(id).array();
    }

    private static byte[] aad(byte[] header, String documentId) {
        byte[] doc = documentId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + doc.length).put(header).put(doc).array();
    }

    @Override
    public String toString() {
        return current == null ? "TemplateKeyRing[plaintext]" : "TemplateKeyRing[current " + current.id() + ", keys " + byId.keySet() + "]";
    }
}
