package org.facegate.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** What {@link EventJson#parse} made of a record value. */
public sealed interface Parsed<T> {

    /** A short, data-free explanation. */
    String detail();

    record Valid<T>(T event) implements Parsed<T> {
        @Override
        public String detail() {
            return "valid";
        }
    }

    /** A JSON object that is not a valid event; its fields can still be read one by one with {@link #text}. */
    record Invalid<T>(ObjectNode fields, Reason reason, String detail) implements Parsed<T> {

        /** The field's value if it is a non-blank string of reasonable length. */
        public Optional<String> text(String field) {
            JsonNode node = fields.get(field);
            if (node == null || !node.isTextual() || node.textValue().isBlank()
                    || node.textValue().length() > Events.MAX_ID_LENGTH) {
                return Optional.empty();
            }
            return Optional.of(node.textValue());
        }
    }

    /** Not a JSON object: nothing in it can be trusted. */
    record Unreadable<T>(DeadLetterReason reason, String detail) implements Parsed<T> {
    }
}
