package org.facegate.testsupport;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.facegate.demo.DemoFaces;
import org.facegate.inference.Embedding;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.FaceProblem;
import org.facegate.vision.ImageRole;

/**
 * Real photos for tests of the topology and the application, made once per test JVM from the face-api sample
 * photos the build fetches: one portrait per face found (to enrol) and a re-captured variant of it (to check),
 * see {@link DemoFaces}. Also photos that give each {@link FaceProblem} the real pipeline produces.
 */
public final class TestPhotos {

    private static List<DemoFaces.Person> people;
    private static List<Embedding> enrolled;
    private static List<Embedding> live;

    private TestPhotos() {
    }

    private static synchronized void load() {
        if (people != null) {
            return;
        }
        FacePipeline pipeline = TestModels.pipeline();
        List<DemoFaces.Person> all;
        try {
            all = DemoFaces.fromGroupPhotos(pipeline, TestModels.samplePhoto("sample1.jpg").getParent()).people();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        people = new ArrayList<>();
        enrolled = new ArrayList<>();
        live = new ArrayList<>();
        for (DemoFaces.Person p : all) {
            // A "live" photo here is a re-capture of a printed-quality photo: presentation-attack detection (on by
            // default) judges some of them attacks. Only people whose live photo passes it make checks with a face.
            if (pipeline.analyse(p.live(), ImageRole.LIVE) instanceof FaceAnalysis.Embedded l) {
                people.add(p);
                enrolled.add(((FaceAnalysis.Embedded) pipeline.analyse(p.enrolment(), ImageRole.ENROLMENT)).embedding());
                live.add(l.embedding());
            }
        }
    }

    /**
     * {@code n} different people who are far apart for the model: every live photo of one is at least
     * {@code margin} above the threshold from every other's enrolment portrait, so impostor checks between them
     * are NO_MATCH by a clear margin (the sample photos hold some look-alikes).
     */
    public static synchronized List<DemoFaces.Person> distinctPeople(int n) {
        load();
        double minDistance = TestModels.pipeline().threshold() + 0.1;
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < people.size() && chosen.size() < n; i++) {
            boolean far = true;
            for (int j : chosen) {
                far &= live.get(i).euclideanDistance(enrolled.get(j)) >= minDistance
                        && live.get(j).euclideanDistance(enrolled.get(i)) >= minDistance
                        && enrolled.get(i).euclideanDistance(enrolled.get(j)) >= minDistance;
            }
            if (far) {
                chosen.add(i);
            }
        }
        if (chosen.size() < n) {
            throw new IllegalStateException("only " + chosen.size() + " clearly different people in the sample photos");
        }
        return chosen.stream().map(people::get).toList();
    }

    /** A photo that gives {@code problem} in the real pipeline; LOW_QUALITY has none yet (no quality gate). */
    public static byte[] withProblem(FaceProblem problem) {
        try {
            return switch (problem) {
                case UNREADABLE_IMAGE -> randomBytes(4096);
                case UNSUPPORTED_FORMAT -> encode(solid(64, 64), "gif");
                case IMAGE_TOO_LARGE -> pngHeaderClaiming(60_000, 60_000);
                case NO_FACE -> encode(sky(), "png");
                case MULTIPLE_FACES -> Files.readAllBytes(TestModels.samplePhoto("sample1.jpg"));
                case FACE_TOO_SMALL -> tinyFace();
                case LOW_QUALITY -> throw new IllegalArgumentException("the pipeline has no quality gate yet");
                case PRESENTATION_ATTACK -> Files.readAllBytes(SharedDatasets.nuaaAttackPhoto());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    private static BufferedImage solid(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static BufferedImage sky() {
        BufferedImage sky = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                sky.setRGB(x, y, (40 + y / 4) << 16 | (90 + y / 3) << 8 | 200);
            }
        }
        return sky;
    }

    /** A portrait shrunk to 40 px on a 160 px canvas: found, but its box is under the 32 px minimum. */
    private static byte[] tinyFace() throws IOException {
        load();
        BufferedImage face = ImageIO.read(new ByteArrayInputStream(people.get(0).enrolment()));
        BufferedImage canvas = solid(160, 160);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(face, 60, 60, 40, 40, null);
        g.dispose();
        return encode(canvas, "png");
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IllegalStateException("no " + format + " writer");
        }
        return out.toByteArray();
    }

    /** A small PNG whose header claims {@code width x height}: rejected from the header, before decoding. */
    private static byte[] pngHeaderClaiming(int width, int height) throws IOException {
        byte[] png = encode(solid(1, 1), "png");
        ByteBuffer b = ByteBuffer.wrap(png);
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height; the chunk's CRC follows its 13 bytes.
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }
}
