package org.facegate.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.Base64;

/**
 * Image bytes as JSON strings in strict standard base64. Jackson's own byte[] handling is lenient (it accepts
 * line breaks and other variants); the schema promises exactly RFC 4648 section 4, so we decode with the JDK's
 * strict decoder and report a bad string as an invalid event.
 */
final class Base64Json {

    private Base64Json() {
    }

    static final class Writer extends JsonSerializer<byte[]> {
        @Override
        public void serialize(byte[] value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(Base64.getEncoder().encodeToString(value));
        }
    }

    static final class Reader extends JsonDeserializer<byte[]> {
        @Override
        public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
            }
            try {
                return Base64.getDecoder().decode(p.getText());
            } catch (IllegalArgumentException e) {
                // The message names the problem (bad character, length), never the data.
                throw ctxt.weirdStringException("(base64 image data)", byte[].class, "not standard base64: " + e.getMessage());
            }
        }
    }
}
