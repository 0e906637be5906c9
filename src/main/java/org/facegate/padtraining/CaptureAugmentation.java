package org.facegate.padtraining;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * Makes a face crop look as if another camera had taken it: exposure and contrast, colour balance, blur, sensor
 * noise and JPEG compression, each drawn at random within the bounds below, applied alike to bona fide and attack
 * crops. A data set from one webcam lets a texture model separate its classes by that webcam's noise and sharpness
 * alone; a photo from any other camera then looks like an attack. Training on copies with these properties varied in
 * both classes takes those cues away and leaves the ones a print carries whatever the camera. Seeded: the same seed
 * gives the same copy.
 *
 * @param copies augmented copies per photo, besides the original
 */
public record CaptureAugmentation(int copies, double maxBlurSigma, double maxNoise, double contrast, double exposure,
        double colourGain, int minJpegQuality) {

    /** This augmentation with {@code copies} copies and every bound scaled by {@code strength}. */
    public CaptureAugmentation scaled(int copies, double strength) {
        return new CaptureAugmentation(copies, maxBlurSigma * strength, maxNoise * strength,
                Math.min(0.9, contrast * strength), exposure * strength, Math.min(0.9, colourGain * strength),
                (int) Math.max(10, 100 - (100 - minJpegQuality) * strength));
    }

    /** No augmentation: only the original crops. */
    public static final CaptureAugmentation NONE = new CaptureAugmentation(0, 0, 0, 0, 0, 0, 100);

    /**
     * The bounds {@code train-pad --augment N} uses (with {@code --augment-strength} scaling them): two copies per
     * photo. Not used for the shipped model (docs/presentation-attacks.md: it trades NUAA accuracy for other cameras).
     */
    public static final CaptureAugmentation DEFAULT = new CaptureAugmentation(2, 1.2, 8, 0.3, 30, 0.15, 40);

    /**
     * Applies one random draw to the crop of {@code size x size} RGB values (0..255, NCHW) at {@code offset}.
     */
    public void apply(FloatBuffer crop, int offset, int size, long seed) {
        Random r = new Random(seed);
        int plane = size * size;
        float[][] c = new float[3][plane];
        for (int ch = 0; ch < 3; ch++) {
            crop.get(offset + ch * plane, c[ch], 0, plane);
        }
        double gainContrast = 1 + contrast * (2 * r.nextDouble() - 1);
        double shift = exposure * (2 * r.nextDouble() - 1);
        double[] gain = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            gain[ch] = 1 + colourGain * (2 * r.nextDouble() - 1);
        }
        double sigma = maxBlurSigma * r.nextDouble();
        double noise = maxNoise * r.nextDouble();
        boolean jpeg = r.nextBoolean();
        int quality = minJpegQuality + r.nextInt(Math.max(1, 96 - minJpegQuality));
        for (int ch = 0; ch < 3; ch++) {
            double mean = 0;
            for (float v : c[ch]) {
                mean += v / plane;
            }
            for (int i = 0; i < plane; i++) {
                c[ch][i] = (float) (((c[ch][i] - mean) * gainContrast + mean + shift) * gain[ch]);
            }
            if (sigma > 0.2) {
                c[ch] = blur(c[ch], size, sigma);
            }
            for (int i = 0; i < plane; i++) {
                c[ch][i] = clamp(c[ch][i] + (float) (noise * r.nextGaussian()));
            }
        }
        if (jpeg) {
            recompress(c, size, quality);
        }
        for (int ch = 0; ch < 3; ch++) {
            crop.put(offset + ch * plane, c[ch], 0, plane);
        }
    }

    private static float[] blur(float[] in, int size, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[in.length];
        float[] out = new float[in.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float s = 0;
                for (int i = -radius; i <= radius; i++) {
                    s += k[i + radius] * in[y * size + Math.max(0, Math.min(size - 1, x + i))];
                }
                tmp[y * size + x] = s;
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float s = 0;
                for (int i = -radius; i <= radius; i++) {
                    s += k[i + radius] * tmp[Math.max(0, Math.min(size - 1, y + i)) * size + x];
                }
                out[y * size + x] = s;
            }
        }
        return out;
    }

    private static void recompress(float[][] c, int size, int quality) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < size * size; i++) {
            int rgb = (Math.round(c[0][i]) << 16) | (Math.round(c[1][i]) << 8) | Math.round(c[2][i]);
            img.setRGB(i % size, i / size, rgb);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality / 100f);
            try (var out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), p);
            }
            writer.dispose();
            BufferedImage back = ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            for (int i = 0; i < size * size; i++) {
                int rgb = back.getRGB(i % size, i / size);
                c[0][i] = (rgb >> 16) & 0xff;
                c[1][i] = (rgb >> 8) & 0xff;
                c[2][i] = rgb & 0xff;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float clamp(float v) {
        return Math.max(0, Math.min(255, v));
    }
}
