package org.facegate.events;

/** Field checks shared by the event records; they throw {@link IllegalArgumentException} naming the field. */
final class Events {

    /** The only event schema version this build reads and writes. */
    static final int SCHEMA_VERSION = 1;

    /** Longest accepted identifier (checkId, gateId, documentId). */
    static final int MAX_ID_LENGTH = 128;

    private Events() {
    }

    static String requireText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    static String requireId(String field, String value) {
        return requireText(field, value, MAX_ID_LENGTH);
    }

    static <T> T require(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static void requireSchemaVersion(int schemaVersion) {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be " + SCHEMA_VERSION + ", not " + schemaVersion);
        }
    }
}
