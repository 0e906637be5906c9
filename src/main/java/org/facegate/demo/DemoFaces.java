package org.facegate.demo;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceBox;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;

/**
 * Photos of people for the demo and the tests, from one of two sources:
 * <ul>
 *   <li>{@link #fromGroupPhotos}: the face-api sample photos (groups of 3-5 people, none dominant). Each face
 *       the pipeline's detector finds is cut out as a portrait. There is one photo per person, so a genuine
 *       check uses a <b>re-captured variant</b> of the enrolment portrait (shifted and scaled crop, other
 *       lighting, JPEG re-compression): a same-session re-capture, easier than a real second photo.</li>
 *   <li>{@link #fromLfw}: an LFW-layout folder ({@code NAME/NAME_0001.jpg ...}); people with at least two photos
 *       give real genuine pairs (enrol the first, check with the second).</li>
 * </ul>
 */
public final class DemoFaces {

    /** One person: a portrait to enrol and a different photo of them for genuine checks. */
    public record Person(String name, byte[] enrolment, byte[] live) {
        @Override
        public String toString() {
            return "Person[" + name + "]";
        }
    }

    /** The people found, and whether their genuine photos are re-captured variants rather than real second photos. */
    public record Cast(List<Person> people, boolean recaptured, String source) {
    }

    private DemoFaces() {
    }

    /**
     * Cuts every face out of the group photos in {@code dir} ({@code *.jpg}). A face is kept when its box overlaps
     * no other box found in the photo (the detector also frames the gap between two heads, half of each face: such
     * a crop is neither person, and would match its neighbour) and its portrait and re-captured variant each yield
     * exactly one face in the pipeline.
     */
    public static Cast fromGroupPhotos(FacePipeline pipeline, Path dir) throws IOException {
        List<Path> photos;
        try (Stream<Path> files = Files.list(dir)) {
            photos = files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().toList();
        }
        List<Person> people = new ArrayList<>();
        for (Path photo : photos) {
            byte[] bytes = Files.readAllBytes(photo);
            FacePipeline.DecodeOr<List<FacePipeline.FoundFace>> found = pipeline.findAllFaces(bytes);
            if (found.value() == null) {
                continue;
            }
            BufferedImage image = ImageIO.read(photo.toFile());
            String base = photo.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            int index = 0;
            for (FacePipeline.FoundFace face : found.value()) {
                if (overlapsAnother(face, found.value())) {
                    index++;
                    continue;
                }
                BufferedImage portrait = portrait(image, face.detection().box(), 0, 0, 1.0);
                byte[] enrolment = jpeg(portrait, 0.92f);
                byte[] live = recapture(image, face.detection().box(), new Random(base.hashCode() * 31L + index));
                if (singleFace(pipeline, enrolment) && singleFace(pipeline, live)) {
                    people.add(new Person(base + "-face" + index, enrolment, live));
                }
                index++;
            }
        }
        return new Cast(people, true, dir.toString());
    }

    private static boolean overlapsAnother(FacePipeline.FoundFace face, List<FacePipeline.FoundFace> all) {
        return all.stream().anyMatch(other -> other != face
                && other.detection().box().iou(face.detection().box()) > 0);
    }

    /** People with at least two photos in an LFW-layout folder, in name order, at most {@code limit}. */
    public static Cast fromLfw(Path dir, int limit) throws IOException {
        List<Person> people = new ArrayList<>();
        List<Path> folders;
        try (Stream<Path> entries = Files.list(dir)) {
            folders = entries.filter(Files::isDirectory).sorted().toList();
        }
        for (Path folder : folders) {
            if (people.size() >= limit) {
                break;
            }
            List<Path> images;
            try (Stream<Path> files = Files.list(folder)) {
                images = files.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(jpe?g|png)")).sorted().toList();
            }
            if (images.size() >= 2) {
                people.add(new Person(folder.getFileName().toString(), Files.readAllBytes(images.get(0)),
                        Files.readAllBytes(images.get(1))));
            }
        }
        return new Cast(people, false, dir.toString());
    }

    private static boolean singleFace(FacePipeline pipeline, byte[] photo) {
        return pipeline.analyse(photo, ImageRole.ENROLMENT) instanceof FaceAnalysis.Embedded;
    }

    /**
     * A square portrait around {@code box}: side 1.6 x the box's larger side (passport-photo framing, little of
     * the neighbours), shifted by ({@code dx}, {@code dy}) box sizes, scaled by {@code zoom}, resized to 320 px.
     */
    static BufferedImage portrait(BufferedImage image, FaceBox box, double dx, double dy, double zoom) {
        double side = 1.6 * Math.max(box.width(), box.height()) / zoom;
        double cx = box.centerX() + dx * box.width();
        double cy = box.centerY() + dy * box.height();
        int x0 = (int) Math.round(cx - side / 2);
        int y0 = (int) Math.round(cy - side / 2);
        int s = (int) Math.round(side);
        BufferedImage out = new BufferedImage(320, 320, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(image, 0, 0, 320, 320, x0, y0, x0 + s, y0 + s, null); // outside the photo stays black
        g.dispose();
        return out;
    }

    /**
     * The same face "captured again": crop shifted by up to 6% and zoomed by up to 8%, brightness and contrast
     * changed by up to 15%, JPEG quality 0.6-0.85.
     */
    static byte[] recapture(BufferedImage image, FaceBox box, Random random) {
        BufferedImage p = portrait(image, box, (random.nextDouble() - 0.5) * 0.12, (random.nextDouble() - 0.5) * 0.12,
                1 + (random.nextDouble() - 0.5) * 0.16);
        double gain = 1 + (random.nextDouble() - 0.5) * 0.3;
        double offset = (random.nextDouble() - 0.5) * 30;
        for (int y = 0; y < p.getHeight(); y++) {
            for (int x = 0; x < p.getWidth(); x++) {
                int rgb = p.getRGB(x, y);
                int r = clamp(((rgb >> 16) & 0xff) * gain + offset);
                int gr = clamp(((rgb >> 8) & 0xff) * gain + offset);
                int b = clamp((rgb & 0xff) * gain + offset);
                p.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return jpeg(p, 0.6f + random.nextFloat() * 0.25f);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
