package org.facegate.vision;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns photo bytes (JPEG, PNG, JPEG 2000) into an upright 8-bit {@link RgbImage}, or a typed problem.
 *
 * <p>In: the encoded bytes, as received; the format is found from the magic bytes. Out: {@link DecodeResult}:
 * <ul>
 *   <li>{@code Decoded}: RGB pixels (grayscale replicated, alpha dropped, 16-bit reduced to 8, CMYK and other
 *       colour spaces converted to sRGB), JPEG EXIF orientation applied.</li>
 *   <li>{@code Failed(IMAGE_TOO_LARGE)}: more bytes than {@link DecodeLimits#maxBytes()}, or a header that
 *       declares more pixels than the limits allow. Dimensions come from the header alone, before any raster
 *       is allocated, so a decompression bomb costs almost nothing. For JPEG 2000 both the JP2 header box
 *       (as the reader reports it) and the codestream's own SIZ segment are checked, since they may
 *       disagree.</li>
 *   <li>{@code Failed(UNSUPPORTED_FORMAT)}: a recognised format FaceGate does not take (GIF, also animated;
 *       BMP, TIFF, WebP, HEIF/AVIF, JPEG XL).</li>
 *   <li>{@code Failed(UNREADABLE_IMAGE)}: empty or unknown bytes, corrupt data, truncated data (a JPEG whose
 *       reader reports a premature end or a missing end marker, a JPEG 2000 codestream without its end
 *       marker, a PNG whose compressed data ends early), and any exception or {@link Error} a decoder throws,
 *       {@link OutOfMemoryError} included. Other reader warnings, such as stray bytes between JPEG markers,
 *       are tolerated.</li>
 * </ul>
 * Only the first image of a file is read (an animated PNG gives its default image). Nothing is thrown for bad
 * input and nothing is logged; no image bytes appear in a {@code detail}.
 *
 * <p>Thread-safe: each call gets its own ImageIO reader and in-memory stream (no temporary files). JPEG is read
 * with the TwelveMonkeys reader when it is on the class path (CMYK/YCCK, damaged files), else the JDK's.
 * JPEG 2000 needs jai-imageio-jpeg2000 (pure-Java JJ2000) and is slow: measured on 2 busy cores, a 250x250
 * image took 30-40 ms as lossless JP2 against about 2 ms as JPEG; a 1920x1280 JPEG took about 60 ms.
 */
public final class ImageDecoder {

    /** Reads the pixels of the first image from a reader whose input and header are already set up. */
    @FunctionalInterface
    interface PixelReader {
        BufferedImage read(ImageReader reader, ImageReadParam param) throws IOException;
    }

    private static final PixelReader FIRST_IMAGE = (reader, param) -> reader.read(0, param);

    private final DecodeLimits limits;
    private final PixelReader pixelReader;
    private final Map<ImageFormat, ImageReaderSpi> readers;

    /** A decoder that enforces {@code limits}. */
    public ImageDecoder(DecodeLimits limits) {
        this(limits, FIRST_IMAGE);
    }

    /** Seam for tests: {@code pixelReader} performs the one call that allocates and fills pixels. */
    ImageDecoder(DecodeLimits limits, PixelReader pixelReader) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.pixelReader = Objects.requireNonNull(pixelReader, "pixelReader");
        this.readers = findReaders();
    }

    /** The limits this decoder enforces. */
    public DecodeLimits limits() {
        return limits;
    }

    /** Decodes {@code bytes} at full resolution; see the class comment for the outcomes. */
    public DecodeResult decode(byte[] bytes) {
        return decodeFitting(bytes, Integer.MAX_VALUE);
    }

    /**
     * Decodes {@code bytes} keeping only every n-th pixel in both directions, with the smallest n for which
     * the longer side is at most {@code maxSide} (n = ceil(longer side / maxSide); 1 if it already fits). The
     * decoder still reads the whole file, but never holds the full-size raster: meant for large camera frames
     * where the face detector needs far fewer pixels. Subsampling drops pixels without smoothing, so prefer a
     * {@code maxSide} well above the size the detector needs. The limits apply to the full declared size.
     *
     * @throws IllegalArgumentException if {@code maxSide} is less than 1
     */
    public DecodeResult decode(byte[] bytes, int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be at least 1, was " + maxSide);
        }
        return decodeFitting(bytes, maxSide);
    }

    private DecodeResult decodeFitting(byte[] bytes, int maxSide) {
        if (bytes == null || bytes.length == 0) {
            return failed(FaceProblem.UNREADABLE_IMAGE, "no image bytes");
        }
        if (!limits.allowsBytes(bytes.length)) {
            return failed(FaceProblem.IMAGE_TOO_LARGE,
                    bytes.length + " bytes exceeds the limit of " + limits.maxBytes() + " bytes");
        }
        Optional<ImageFormat> sniffed = ImageFormat.sniff(bytes);
        if (sniffed.isEmpty()) {
            return ImageFormat.unsupportedFormatName(bytes)
                    .map(name -> failed(FaceProblem.UNSUPPORTED_FORMAT, name + " is not accepted (JPEG, PNG or JPEG 2000)"))
                    .orElseGet(() -> failed(FaceProblem.UNREADABLE_IMAGE, "not a JPEG, PNG or JPEG 2000 image"));
        }
        ImageFormat format = sniffed.get();
        ImageReaderSpi spi = readers.get(format);
        if (spi == null) {
            return failed(FaceProblem.UNSUPPORTED_FORMAT, "no " + format + " reader is installed");
        }
        if (format == ImageFormat.JPEG2000) {
            Optional<DecodeResult> refused = checkCodestream(bytes);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        try {
            return read(spi, format, bytes, maxSide);
        } catch (OutOfMemoryError e) {
            return failed(FaceProblem.UNREADABLE_IMAGE, format + " decoder ran out of memory");
        } catch (Throwable e) {
            // Throwable on purpose: decoders throw RuntimeExceptions and Errors for corrupt data (JJ2000 even
            // throws ThreadDeath), and one bad photo must not take down a stream thread.
            return failed(FaceProblem.UNREADABLE_IMAGE, format + " decoder failed: " + describe(e));
        }
    }

    private DecodeResult read(ImageReaderSpi spi, ImageFormat format, byte[] bytes, int maxSide) throws IOException {
        ImageReader reader = spi.createReaderInstance();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            TruncationListener truncation = new TruncationListener();
            reader.addIIOReadWarningListener(truncation);

            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                return failed(FaceProblem.UNREADABLE_IMAGE, format + " header declares " + width + "x" + height);
            }
            if (!limits.allowsSize(width, height)) {
                return failed(FaceProblem.IMAGE_TOO_LARGE, format + " header declares " + width + "x" + height
                        + ", limits are " + limits.maxWidth() + "x" + limits.maxHeight() + " and "
                        + limits.maxPixels() + " pixels");
            }

            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsamplingStep(width, height, maxSide);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage decoded = pixelReader.read(reader, param);
            if (decoded == null) {
                return failed(FaceProblem.UNREADABLE_IMAGE, format + " decoder returned no image");
            }
            if (truncation.seen) {
                return failed(FaceProblem.UNREADABLE_IMAGE, format + " data is truncated");
            }
            RgbImage rgb = RgbConverter.toRgb(decoded);
            if (format == ImageFormat.JPEG) {
                rgb = ExifOrientation.apply(rgb, ExifOrientation.read(bytes));
            }
            return new DecodeResult.Decoded(rgb, format);
        } finally {
            reader.dispose();
        }
    }

    /** JPEG 2000 only: refuses what the codestream header declares before the decoder allocates for it. */
    private Optional<DecodeResult> checkCodestream(byte[] bytes) {
        Optional<Jpeg2000Codestream> found = Jpeg2000Codestream.read(bytes);
        if (found.isEmpty() || !found.get().complete()) {
            return Optional.of(failed(FaceProblem.UNREADABLE_IMAGE, "JPEG2000 codestream is truncated or missing"));
        }
        Jpeg2000Codestream codestream = found.get();
        if (codestream.width() > Integer.MAX_VALUE || codestream.height() > Integer.MAX_VALUE
                || !limits.allowsSize((int) codestream.width(), (int) codestream.height())) {
            return Optional.of(failed(FaceProblem.IMAGE_TOO_LARGE, "JPEG2000 codestream declares "
                    + codestream.width() + "x" + codestream.height() + ", limits are " + limits.maxWidth() + "x"
                    + limits.maxHeight() + " and " + limits.maxPixels() + " pixels"));
        }
        if (codestream.tiles() > Jpeg2000Codestream.MAX_TILES) {
            return Optional.of(failed(FaceProblem.UNREADABLE_IMAGE, "JPEG2000 codestream declares too many tiles"));
        }
        return Optional.empty();
    }

    static int subsamplingStep(int width, int height, int maxSide) {
        long longer = Math.max(width, height);
        return (int) Math.max(1, (longer + maxSide - 1) / maxSide);
    }

    private static DecodeResult.Failed failed(FaceProblem problem, String detail) {
        return new DecodeResult.Failed(problem, detail);
    }

    /** Exception class and a bounded, single-line message: enough to diagnose, never image data. */
    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\p{Cntrl}", " ").strip();
        if (message.length() > 120) {
            message = message.substring(0, 117) + "...";
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** One reader provider per format; for JPEG the TwelveMonkeys one when present. */
    private static Map<ImageFormat, ImageReaderSpi> findReaders() {
        Map<ImageFormat, ImageReaderSpi> found = new EnumMap<>(ImageFormat.class);
        putReader(found, ImageFormat.JPEG, "jpeg", "com.twelvemonkeys.");
        putReader(found, ImageFormat.PNG, "png", "com.sun.imageio.");
        putReader(found, ImageFormat.JPEG2000, "jpeg2000", "com.github.jaiimageio.");
        return Collections.unmodifiableMap(found);
    }

    private static void putReader(Map<ImageFormat, ImageReaderSpi> found, ImageFormat format, String formatName,
                                  String preferredPackage) {
        Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance().getServiceProviders(
                ImageReaderSpi.class,
                provider -> Arrays.asList(((ImageReaderSpi) provider).getFormatNames()).contains(formatName),
                true);
        while (providers.hasNext()) {
            ImageReaderSpi provider = providers.next();
            if (!found.containsKey(format) || provider.getClass().getName().startsWith(preferredPackage)) {
                found.put(format, provider);
            }
        }
    }

    /**
     * Notices the warnings with which the JPEG readers (TwelveMonkeys and the JDK's libjpeg) report data that
     * ends early: "premature end of data segment", "Premature end of JPEG file", "Missing EOI marker". They
     * still return an image then, grey or smeared below the cut.
     */
    private static final class TruncationListener implements IIOReadWarningListener {
        private volatile boolean seen;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String text = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (text.contains("premature end") || text.contains("missing eoi") || text.contains("truncated")) {
                seen = true;
            }
        }
    }
}
