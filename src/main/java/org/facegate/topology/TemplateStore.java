package org.facegate.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.matching.TemplateSet;

/**
 * The {@code templates} state store as the processors see it: documentId to {@link TemplateSet}, sealed with the
 * {@link TemplateKeyRing} on the way in and opened on the way out. The store (and so its changelog) holds only the
 * sealed bytes; the documentId is the AES-GCM additional data, so a value cannot be moved to another identity.
 */
final class TemplateStore {

    /** What a lookup found. */
    sealed interface Lookup permits Absent, Found, Unreadable {
    }

    record Absent() implements Lookup {
    }

    record Found(TemplateSet set) implements Lookup {
    }

    /** Stored, but not readable with the configured keys; {@code detail} names the key id, never data. */
    record Unreadable(String detail) implements Lookup {
    }

    private static final Absent ABSENT = new Absent();

    private final KeyValueStore<String, byte[]> store;
    private final TemplateKeyRing keys;

    TemplateStore(KeyValueStore<String, byte[]> store, TemplateKeyRing keys) {
        this.store = store;
        this.keys = keys;
    }

    Lookup get(String documentId) {
        byte[] stored = store.get(documentId);
        if (stored == null) {
            return ABSENT;
        }
        try {
            return new Found(keys.open(documentId, stored).set());
        } catch (TemplateKeyRing.UnreadableTemplatesException e) {
            return new Unreadable(e.getMessage());
        }
    }

    void put(String documentId, TemplateSet set) {
        store.put(documentId, keys.seal(documentId, set));
    }

    /**
     * Whether the identity's stored templates wait for a re-seal (under a previous key, or plaintext while a key is
     * configured). Always false in plaintext mode, where nothing is ever re-sealed.
     */
    boolean isStale(String documentId) {
        byte[] stored = store.get(documentId);
        return keys.encrypts() && stored != null && !keys.isCurrent(stored);
    }

    /** Deletes the identity (a tombstone in the changelog); true if it was there. */
    boolean delete(String documentId) {
        return store.delete(documentId) != null;
    }

    /**
     * Counts of what the store holds. {@code identities} and {@code stale} (as in {@link #isStale}) are judged from the
     * stored headers; {@code templatesByModel} (templates per model id they were enrolled under) needs each value
     * opened, since the model id is inside the sealed part. Values the configured keys cannot open are counted in
     * {@code unreadable} and in no model. Nothing opened is kept or logged.
     */
    record Census(long identities, long stale, Map<String, Long> templatesByModel, long unreadable) {
        Census {
            templatesByModel = Map.copyOf(templatesByModel);
        }
    }

    Census census() {
        long identities = 0;
        long stale = 0;
        long unreadable = 0;
        Map<String, Long> templatesByModel = new HashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> e = all.next();
                identities++;
                if (keys.encrypts() && !keys.isCurrent(e.value)) {
                    stale++;
                }
                try {
                    TemplateSet set = keys.open(e.key, e.value).set();
                    templatesByModel.merge(set.modelId(), (long) set.size(), Long::sum);
                } catch (TemplateKeyRing.UnreadableTemplatesException ex) {
                    unreadable++;
                }
            }
        }
        return new Census(identities, stale, templatesByModel, unreadable);
    }

    /** Where a re-seal pass stopped, and what it did. {@code next} is null when the pass reached the end. */
    record ResealPass(String next, int resealed, int unreadable) {
    }

    /**
     * Re-seals up to {@code max} stale values (under a previous key, or plaintext while a key is configured) under
     * the current key, scanning from {@code from} (null: the start). Values that cannot be opened are left as they
     * are and counted. Nothing to do in plaintext mode: FaceGate never decrypts to store in plaintext.
     */
    ResealPass reseal(String from, int max) {
        if (!keys.encrypts()) {
            return new ResealPass(null, 0, 0);
        }
        int resealed = 0;
        int unreadable = 0;
        int scanned = 0;
        try (KeyValueIterator<String, byte[]> it = from == null ? store.all() : store.range(from, null)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                if (scanned++ >= max) {
                    return new ResealPass(e.key, resealed, unreadable);
                }
                if (keys.isCurrent(e.value)) {
                    continue;
                }
                try {
                    store.put(e.key, keys.seal(e.key, keys.open(e.key, e.value).set()));
                    resealed++;
                } catch (TemplateKeyRing.UnreadableTemplatesException ex) {
                    unreadable++;
                }
            }
        }
        return new ResealPass(null, resealed, unreadable);
    }
}
