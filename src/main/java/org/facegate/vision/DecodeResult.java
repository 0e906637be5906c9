package org.facegate.vision;

import java.util.Objects;

/**
 * The outcome of {@link ImageDecoder#decode(byte[])}: pixels, or a typed problem. Bad input never surfaces as
 * an exception.
 */
public sealed interface DecodeResult {

    /** The photo decoded; {@code image} is 8-bit RGB with EXIF orientation applied. */
    record Decoded(RgbImage image, ImageFormat format) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * The photo cannot be used: {@code problem} is one of {@link FaceProblem#UNREADABLE_IMAGE},
     * {@link FaceProblem#UNSUPPORTED_FORMAT} or {@link FaceProblem#IMAGE_TOO_LARGE}; {@code detail} is a short
     * explanation for logs and verdicts that never contains image data.
     */
    record Failed(FaceProblem problem, String detail) implements DecodeResult {
        public Failed {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
