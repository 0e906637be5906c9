package org.facegate.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.facegate.demo.DemoFaces;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.events.Reason;
import org.facegate.topology.TopologySettings;
import org.facegate.vision.FaceProblem;

/**
 * Bad inputs for FaceGate's input topics, as raw record bytes, each with the one outcome it must get: a verdict (by
 * checkId), an enrolment result (by documentId) or a dead letter (by reason). Checks are keyed {@link #DOCUMENT}
 * unless the case is about the key; {@link #DOCUMENT} must be enrolled with {@link #enrolled()}'s face first.
 */
public final class PoisonCorpus {

    public static final String DOCUMENT = "POISON-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CAPTURED = Instant.parse("2025-06-01T08:15:30Z");

    /** What one input must lead to, exactly once. */
    public sealed interface Expected permits VerdictFor, ResultFor, DeadLetter, RefusedByBroker {
    }

    /**
     * Never reaches FaceGate: the broker refuses the record (a keyless record on the compacted {@code enrolments}).
     * FaceGate would dead-letter it (FaceGateTopologyTest covers that for topics configured otherwise).
     */
    public record RefusedByBroker(String why) implements Expected {
    }

    /** A verdict with this checkId whose decision is one of {@code decisions} (and this reason, for REJECTED). */
    public record VerdictFor(String checkId, Set<Decision> decisions, Reason reason) implements Expected {
    }

    public record ResultFor(String documentId, EnrolmentStatus status, Reason reason) implements Expected {
    }

    /** A dead letter with this {@code facegate.dlq.reason} header and the original bytes. */
    public record DeadLetter(String reason) implements Expected {
    }

    /** One input: to {@code passport-checks}, or to {@code enrolments} when {@code enrolment}. */
    public record Poison(String name, boolean enrolment, byte[] key, byte[] value, Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private PoisonCorpus() {
    }

    private static DemoFaces.Person person() {
        return TestPhotos.distinctPeople(1).get(0);
    }

    /** The enrolment photo of {@link #DOCUMENT}. */
    public static byte[] enrolled() {
        return person().enrolment();
    }

    public static List<Poison> all() {
        byte[] face = person().live();
        BufferedImage faceImage = read(face);
        List<Poison> out = new ArrayList<>();
        byte[] key = utf8(DOCUMENT);

        // Not JSON, or JSON without a readable checkId: dead letters.
        out.add(check("malformed JSON", key, utf8("{\"checkId\": \"m1\", oops"), dead("MALFORMED_JSON")));
        out.add(check("random bytes", key, TestPhotos.randomBytes(4096), dead("MALFORMED_JSON")));
        out.add(check("empty value", key, new byte[0], dead("EMPTY_VALUE")));
        out.add(check("null value", key, null, dead("EMPTY_VALUE")));
        out.add(check("JSON array", key, utf8("[1,2,3]"), dead("NOT_A_JSON_OBJECT")));
        out.add(check("JSON string", key, utf8("\"checkId\""), dead("NOT_A_JSON_OBJECT")));
        out.add(check("nesting 100000 deep", key, utf8("{\"checkId\":\"deep\",\"a\":" + "[".repeat(100_000)), dead("MALFORMED_JSON")));
        out.add(check("900,000 empty objects (2.7 MB)", key, utf8("{\"checkId\":\"tokens\",\"a\":[" + "{},".repeat(900_000) + "{}]}"),
                dead("MALFORMED_JSON")));
        out.add(check("duplicate JSON keys", key, utf8(json(valid("dupkey", face)).replaceFirst("\\{", "{\"checkId\":\"dupkey\",")),
                dead("MALFORMED_JSON")));
        out.add(check("trailing garbage", key, utf8(json(valid("trail", face)) + " {}"), dead("MALFORMED_JSON")));
        out.add(check("invalid UTF-8", key, concat(utf8("{\"checkId\":\"utf\",\"gateId\":\""), new byte[] {(byte) 0xC3, 0x28},
                utf8("\"}")), dead("MALFORMED_JSON")));
        out.add(check("no checkId", key, utf8(json(without(valid("x", face), "checkId"))), dead("NO_CHECK_ID")));
        out.add(check("checkId is a number", key, utf8(json(valid("x", face).put("checkId", 42))), dead("NO_CHECK_ID")));
        out.add(check("checkId of 1000 characters", key, utf8(json(valid("x", face).put("checkId", "c".repeat(1000)))),
                dead("NO_CHECK_ID")));

        // JSON objects with a checkId that are not valid events: REJECTED with the reason.
        out.add(check("missing liveImage", key, utf8(json(without(valid("p-missing", face), "liveImage"))),
                rejected("p-missing", Reason.INVALID_EVENT)));
        out.add(check("capturedAt is a number", key, utf8(json(valid("p-type1", face).put("capturedAt", 12345))),
                rejected("p-type1", Reason.INVALID_EVENT)));
        out.add(check("schemaVersion is a string", key, utf8(json(valid("p-type2", face).put("schemaVersion", "1"))),
                rejected("p-type2", Reason.INVALID_EVENT)));
        out.add(check("liveImage is a string", key, utf8(json(valid("p-type3", face).put("liveImage", "image"))),
                rejected("p-type3", Reason.INVALID_EVENT)));
        out.add(check("unknown field", key, utf8(json(valid("p-unknown", face).put("chipimage", "x"))),
                rejected("p-unknown", Reason.INVALID_EVENT)));
        out.add(check("schemaVersion 2", key, utf8(json(valid("p-v2", face).put("schemaVersion", 2))),
                rejected("p-v2", Reason.UNSUPPORTED_SCHEMA_VERSION)));
        out.add(check("gateId of a million characters", key, utf8(json(valid("p-huge", face).put("gateId", "g".repeat(1_000_000)))),
                rejected("p-huge", Reason.INVALID_EVENT)));
        out.add(check("invalid base64", key, utf8(json(valid("p-b64", face)).replace("\"data\":\"", "\"data\":\"%%")),
                rejected("p-b64", Reason.INVALID_EVENT)));
        out.add(check("base64 of 0 bytes", key, utf8(json(valid("p-empty", face)).replaceFirst("\"data\":\"[^\"]*\"", "\"data\":\"\"")),
                rejected("p-empty", Reason.INVALID_EVENT)));
        out.add(check("null key", null, utf8(json(valid("p-nokey", face))), rejected("p-nokey", Reason.KEY_MISMATCH)));
        out.add(check("key of another document", utf8("OTHER"), utf8(json(valid("p-otherkey", face))),
                rejected("p-otherkey", Reason.KEY_MISMATCH)));
        out.add(check("format gif", key, utf8(json(valid("p-gif", face)).replace("\"format\":\"jpeg\"", "\"format\":\"gif\"")),
                rejected("p-gif", Reason.UNSUPPORTED_FORMAT)));

        // Valid events with bad photos: REJECTED with the photo's reason.
        out.add(image("random bytes as image", "i-random", TestPhotos.randomBytes(2048), "jpeg", rejectedSet(Reason.UNREADABLE_IMAGE)));
        out.add(image("truncated JPEG", "i-truncated", Arrays.copyOf(face, face.length / 2), "jpeg", rejectedSet(Reason.UNREADABLE_IMAGE)));
        out.add(image("JPEG claiming 60000x60000", "i-jpeg-bomb", withSofSize(face, 60_000, 60_000), "jpeg",
                rejectedSet(Reason.IMAGE_TOO_LARGE)));
        out.add(image("PNG claiming 60000x60000", "i-png-bomb", TestPhotos.withProblem(FaceProblem.IMAGE_TOO_LARGE), "png",
                rejectedSet(Reason.IMAGE_TOO_LARGE)));
        out.add(image("over the byte limit", "i-bytes", TestPhotos.randomBytes(TopologySettings.DEFAULT_MAX_IMAGE_BYTES + 1), "jpeg",
                rejectedSet(Reason.IMAGE_TOO_LARGE)));
        out.add(image("animated GIF declared jpeg", "i-anim", animatedGif(faceImage), "jpeg", rejectedSet(Reason.UNSUPPORTED_FORMAT)));
        out.add(image("no face", "i-noface", TestPhotos.withProblem(FaceProblem.NO_FACE), "png", rejectedSet(Reason.NO_FACE)));
        out.add(image("several faces", "i-many", TestPhotos.withProblem(FaceProblem.MULTIPLE_FACES), "jpeg",
                rejectedSet(Reason.MULTIPLE_FACES)));
        out.add(new Poison("bad chip photo", false, key, utf8(json(JSON.valueToTree(CheckRequest.of("i-chip", "g", DOCUMENT,
                CAPTURED, new EncodedImage("jpeg", face), new EncodedImage("jpeg", TestPhotos.randomBytes(999)))))),
                new VerdictFor("i-chip", Set.of(Decision.REJECTED), Reason.UNREADABLE_IMAGE)));

        // Unusual but real photos of the enrolled face: decoded, a face found, compared (no rejection).
        Set<Decision> compared = Set.of(Decision.MATCH, Decision.NO_MATCH);
        out.add(image("CMYK JPEG", "i-cmyk", cmykJpeg(faceImage), "jpeg", new VerdictFor("i-cmyk", compared, null)));
        out.add(image("16-bit RGB PNG", "i-16bit", png16(faceImage), "png", new VerdictFor("i-16bit", compared, null)));
        // Greyscale as a chip photo, where ICAO allows it and no presentation-attack check runs (the colour-texture PAD
        // model needs a colour live image: docs/presentation-attacks.md).
        out.add(new Poison("grayscale JPEG chip photo", false, utf8(DOCUMENT), EventJson.write(CheckRequest.of("i-gray",
                "gate-poison", DOCUMENT, CAPTURED, new EncodedImage("jpeg", face), new EncodedImage("jpeg",
                grayJpeg(faceImage)))), new VerdictFor("i-gray", compared, null)));

        // The same checkId twice: two records, two verdicts (documented in docs/reliability.md).
        out.add(image("duplicate checkId (first)", "dup", face, "jpeg", new VerdictFor("dup", Set.of(Decision.MATCH), null)));
        out.add(image("duplicate checkId (second)", "dup", face, "jpeg", new VerdictFor("dup", Set.of(Decision.MATCH), null)));

        // Enrolments.
        out.add(enrolment("enrolment: malformed JSON with a key", utf8("POISON-E1"), utf8("{oops"),
                new ResultFor("POISON-E1", EnrolmentStatus.REJECTED, Reason.INVALID_EVENT)));
        out.add(enrolment("enrolment: malformed JSON without a key", null, utf8("{oops"),
                new RefusedByBroker("a compacted topic takes no keyless records")));
        out.add(enrolment("enrolment: tombstone without a key", null, null,
                new RefusedByBroker("a compacted topic takes no keyless records")));
        out.add(enrolment("enrolment: no images", utf8("POISON-E2"), utf8(json(withoutImages(enrolmentJson("POISON-E2", face)))),
                new ResultFor("POISON-E2", EnrolmentStatus.REJECTED, Reason.INVALID_EVENT)));
        out.add(enrolment("enrolment: photo without a face", utf8("POISON-E3"), EventJson.write(Enrolment.of("POISON-E3",
                List.of(new EncodedImage("png", TestPhotos.withProblem(FaceProblem.NO_FACE))), CAPTURED, "poison")),
                new ResultFor("POISON-E3", EnrolmentStatus.REJECTED, Reason.NO_FACE)));
        out.add(enrolment("enrolment: truncated JPEG", utf8("POISON-E4"), EventJson.write(Enrolment.of("POISON-E4",
                List.of(new EncodedImage("jpeg", Arrays.copyOf(face, face.length / 3))), CAPTURED, "poison")),
                new ResultFor("POISON-E4", EnrolmentStatus.REJECTED, Reason.UNREADABLE_IMAGE)));
        return out;
    }

    // ---- events ----

    private static ObjectNode valid(String checkId, byte[] face) {
        return JSON.valueToTree(CheckRequest.of(checkId, "gate-poison", DOCUMENT, CAPTURED, new EncodedImage("jpeg", face), null));
    }

    private static ObjectNode enrolmentJson(String documentId, byte[] face) {
        try {
            return (ObjectNode) JSON.readTree(EventJson.write(Enrolment.of(documentId, List.of(new EncodedImage("jpeg", face)),
                    CAPTURED, "poison")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode withoutImages(ObjectNode enrolment) {
        enrolment.putArray("images");
        return enrolment;
    }

    private static ObjectNode without(ObjectNode node, String field) {
        node.remove(field);
        return node;
    }

    private static String json(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static {
        JSON.registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
        JSON.disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static Poison check(String name, byte[] key, byte[] value, Expected expected) {
        return new Poison(name, false, key, value, expected);
    }

    private static Poison enrolment(String name, byte[] key, byte[] value, Expected expected) {
        return new Poison(name, true, key, value, expected);
    }

    private static Poison image(String name, String checkId, byte[] image, String format, Expected expected) {
        Expected e = expected instanceof VerdictFor v && v.checkId() == null ? new VerdictFor(checkId, v.decisions(), v.reason()) : expected;
        return check(name, utf8(DOCUMENT), EventJson.write(CheckRequest.of(checkId, "gate-poison", DOCUMENT, CAPTURED,
                new EncodedImage(format, image), null)), e);
    }

    private static Expected rejected(String checkId, Reason reason) {
        return new VerdictFor(checkId, Set.of(Decision.REJECTED), reason);
    }

    private static Expected rejectedSet(Reason reason) {
        return new VerdictFor(null, Set.of(Decision.REJECTED), reason);
    }

    private static Expected dead(String reason) {
        return new DeadLetter(reason);
    }

    // ---- images ----

    private static BufferedImage read(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A four-component (CMYK) JPEG of {@code rgb}, by the naive conversion C = 255 - R, M = 255 - G, Y = 255 - B, K = 0. */
    static byte[] cmykJpeg(BufferedImage rgb) {
        ColorSpace cmyk = com.twelvemonkeys.imageio.color.ColorSpaces.getColorSpace(
                com.twelvemonkeys.imageio.color.ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel cm = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(rgb.getWidth(), rgb.getHeight());
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int p = rgb.getRGB(x, y);
                raster.setPixel(x, y, new int[] {255 - (p >> 16 & 0xFF), 255 - (p >> 8 & 0xFF), 255 - (p & 0xFF), 0});
            }
        }
        return write(new BufferedImage(cm, raster, false, null), "jpeg");
    }

    static byte[] png16(BufferedImage rgb) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(rgb.getWidth(), rgb.getHeight());
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int p = rgb.getRGB(x, y);
                raster.setPixel(x, y, new int[] {(p >> 16 & 0xFF) * 257, (p >> 8 & 0xFF) * 257, (p & 0xFF) * 257});
            }
        }
        return write(new BufferedImage(cm, raster, false, null), "png");
    }

    static byte[] grayJpeg(BufferedImage rgb) {
        BufferedImage gray = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(rgb, 0, 0, null);
        return write(gray, "jpeg");
    }

    static byte[] animatedGif(BufferedImage frame) {
        BufferedImage a = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
        a.getGraphics().drawImage(frame, 0, 0, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(a, null, null), null);
            writer.writeToSequence(new IIOImage(a, null, null), null);
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A copy of {@code jpeg} whose first SOF segment declares {@code width x height}. */
    static byte[] withSofSize(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        int pos = 2;
        while (pos + 4 <= patched.length) {
            int marker = patched[pos + 1] & 0xFF;
            if (marker >= 0xC0 && marker <= 0xC2) {
                patched[pos + 5] = (byte) (height >> 8);
                patched[pos + 6] = (byte) height;
                patched[pos + 7] = (byte) (width >> 8);
                patched[pos + 8] = (byte) width;
                return patched;
            }
            pos += 2 + ((patched[pos + 2] & 0xFF) << 8 | (patched[pos + 3] & 0xFF));
        }
        throw new IllegalArgumentException("no SOF marker");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
