package org.facegate.events;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Arrays;
import java.util.Set;

/**
 * A photo inside an event: its declared {@code format} and the encoded bytes, which travel in JSON as standard
 * base64 (RFC 4648, with padding, no line breaks). Biometric data: {@link #toString()} prints only the size.
 *
 * @param format one of {@link #SUPPORTED_FORMATS}; any other non-blank value is a well-formed event that the
 *               topology answers with {@code UNSUPPORTED_FORMAT}
 * @param data   the file bytes (JPEG, PNG or JPEG 2000 file), never empty
 */
public record EncodedImage(
        String format,
        @JsonSerialize(using = Base64Json.Writer.class) @JsonDeserialize(using = Base64Json.Reader.class) byte[] data) {

    /** Formats FaceGate decodes. The declared format is checked; the decoder still sniffs the bytes. */
    public static final Set<String> SUPPORTED_FORMATS = Set.of("jpeg", "png", "jpeg2000");

    public EncodedImage {
        Events.requireText("format", format, 32);
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("image data is required and must not be empty");
        }
    }

    public boolean hasSupportedFormat() {
        return SUPPORTED_FORMATS.contains(format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedImage e && format.equals(e.format) && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return 31 * format.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EncodedImage[" + format + ", " + data.length + " bytes]";
    }
}
