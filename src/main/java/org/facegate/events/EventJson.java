package org.facegate.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for FaceGate's events: one strict mapper (unknown fields, duplicate keys and scalar coercions such as
 * {@code "1"} for a number are errors, times are ISO-8601 strings), Kafka serdes, and a tolerant
 * {@link #parse} for the processors that never throws.
 *
 * <p>Why strict: schema version 1 is closed. A producer typo such as {@code chipimage} must not silently turn a
 * chip check into an enrolment check, so an unknown field makes the event INVALID_EVENT.
 */
public final class EventJson {

    /** Most JSON tokens in an event we read (a CheckRequest has about 25, an Enrolment about 20 + 6 per image). */
    static final long MAX_TOKENS = 10_000;
    /** Deepest nesting in an event we read (events are 4 levels deep). */
    static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = createMapper();

    private EventJson() {
    }

    private static ObjectMapper createMapper() {
        // A valid event has a few dozen tokens and is 4 levels deep. Without bounds a 2.8 MB record of "[{},{},...]"
        // costs seconds of CPU and ~180 MB of allocation to parse: refuse such documents while reading (MALFORMED_JSON).
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxTokenCount(MAX_TOKENS).maxNestingDepth(MAX_DEPTH).build()).build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                // After JavaTimeModule, so it wins: times are ISO-8601 strings only (the module would also take epoch
                // numbers, ignoring the coercion settings below).
                .addModule(new SimpleModule("strict-instant").addDeserializer(Instant.class, new StrictInstant()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // error messages must not quote image data
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
        for (LogicalType textual : new LogicalType[] {LogicalType.Textual, LogicalType.Enum}) {
            mapper.coercionConfigFor(textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.DateTime)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    /**
     * An RFC 3339 date-time string with an offset and a four-digit year, as the schemas' {@code date-time} format
     * says. Numbers and numeric strings (which Jackson's own reader takes as epoch seconds) and years outside
     * 0000..9999 make the event invalid.
     */
    private static final class StrictInstant extends StdDeserializer<Instant> {
        StrictInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            // The message names the rule, never the text (it could be anything, even image data).
            return parseTime(p.getText()).orElseThrow(() -> ctxt.weirdStringException("(date-time)", Instant.class,
                    "not an RFC 3339 date-time with offset and a four-digit year"));
        }
    }

    /**
     * Reads a time as the schemas' {@code date-time} format says: RFC 3339 with an offset, year 0000..9999. Empty for
     * anything else (numbers as text, no offset, five-digit years), so what FaceGate writes back is always valid.
     */
    public static java.util.Optional<Instant> parseTime(String text) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            return time.getYear() < 0 || time.getYear() > 9999 ? java.util.Optional.empty() : java.util.Optional.of(time.toInstant());
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether {@code value} can be an identifier (checkId, documentId): non-blank, at most 128 characters. */
    public static boolean isIdentifier(String value) {
        return value != null && !value.isBlank() && value.length() <= Events.MAX_ID_LENGTH;
    }

    /** Serializes an event to UTF-8 JSON. */
    public static byte[] write(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an event strictly; throws {@link IllegalArgumentException} with a data-free message when invalid. */
    public static <T> T read(byte[] json, Class<T> type) {
        Parsed<T> parsed = parse(json, type);
        if (parsed instanceof Parsed.Valid<T> valid) {
            return valid.event();
        }
        throw new IllegalArgumentException(parsed.detail());
    }

    /**
     * Parses raw record bytes without throwing. {@link Parsed.Unreadable}: not a JSON object at all (the fields
     * cannot be trusted); {@link Parsed.Invalid}: a JSON object whose fields can be read one by one but that is
     * not a valid {@code type}; {@link Parsed.Valid}: the event.
     */
    public static <T> Parsed<T> parse(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            return new Parsed.Unreadable<>(DeadLetterReason.EMPTY_VALUE, "the record value is empty");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new Parsed.Unreadable<>(DeadLetterReason.MALFORMED_JSON, shortMessage(e));
        } catch (IOException e) {
            return new Parsed.Unreadable<>(DeadLetterReason.MALFORMED_JSON, e.getClass().getSimpleName());
        }
        if (!(tree instanceof ObjectNode object)) {
            return new Parsed.Unreadable<>(DeadLetterReason.NOT_A_JSON_OBJECT, "the value is JSON but not an object");
        }
        JsonNode version = object.get("schemaVersion");
        if (version != null && version.isIntegralNumber() && version.asLong() != Events.SCHEMA_VERSION) {
            return new Parsed.Invalid<>(object, Reason.UNSUPPORTED_SCHEMA_VERSION,
                    "schemaVersion " + version.asText() + " is not supported; this build reads " + Events.SCHEMA_VERSION);
        }
        try {
            return new Parsed.Valid<>(MAPPER.treeToValue(object, type));
        } catch (JsonProcessingException e) {
            return new Parsed.Invalid<>(object, Reason.INVALID_EVENT, shortMessage(e));
        } catch (IllegalArgumentException e) {
            return new Parsed.Invalid<>(object, Reason.INVALID_EVENT, e.getMessage());
        }
    }

    /** The root cause's message without Jackson's location suffix, at most 200 characters. */
    private static String shortMessage(JsonProcessingException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
        if (message == null) {
            message = cause.getClass().getSimpleName();
        }
        message = message.replaceAll("\\s+", " ").trim();
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    /** A Kafka serde for {@code type}: writes with {@link #write}, reads strictly with {@link #read}. */
    public static <T> Serde<T> serde(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : write(value);
        Deserializer<T> deserializer = new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                if (data == null) {
                    return null;
                }
                try {
                    return read(data, type);
                } catch (IllegalArgumentException e) {
                    throw new SerializationException("invalid " + type.getSimpleName() + " on " + topic + ": " + e.getMessage());
                }
            }

            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
