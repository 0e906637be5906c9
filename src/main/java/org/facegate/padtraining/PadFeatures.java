package org.facegate.padtraining;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.DirectBuffers;
import org.facegate.inference.OnnxModel;
import org.facegate.inference.OnnxRuntime;
import org.facegate.modelimport.ColourTextureGraph;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadFace;
import org.facegate.vision.FacePipeline;

/**
 * The colour-texture descriptor of each photo's face: the pipeline's own decoder and face finder choose the face,
 * the descriptor graph ({@link ColourTextureGraph#features}) reads the crop the PAD model will see. Photos in which no
 * face is found get no features. Work is split over threads in fixed chunks and written by index, so the result does
 * not depend on scheduling.
 */
public final class PadFeatures {

    private static final int CHUNK = 16;

    /**
     * A photo and its descriptor, or null features when the pipeline found no face in it; {@code copy} 0 is the photo
     * as it is, 1.. its {@link CaptureAugmentation} copies.
     */
    public record Sample(PadPhotos.Photo photo, double[] features, int copy) {

        public Sample(PadPhotos.Photo photo, double[] features) {
            this(photo, features, 0);
        }

        public boolean hasFace() {
            return features != null;
        }
    }

    private final FacePipeline pipeline;
    private final OnnxModel features;
    private final PadDescriptor.Crop crop;
    private final int count;
    private final DirectBuffers buffers = new DirectBuffers();

    private final CaptureAugmentation augmentation;

    public PadFeatures(FacePipeline pipeline, OnnxRuntime runtime, PadDescriptor.Crop crop, int[] radii) {
        this(pipeline, runtime, crop, radii, CaptureAugmentation.NONE);
    }

    /** With {@code augmentation.copies()} augmented copies of each photo after the photo itself. */
    public PadFeatures(FacePipeline pipeline, OnnxRuntime runtime, PadDescriptor.Crop crop, int[] radii,
            CaptureAugmentation augmentation) {
        this.augmentation = augmentation;
        this.pipeline = pipeline;
        this.crop = crop;
        this.count = org.facegate.pad.TextureModel.featureCount(radii);
        this.features = runtime.open("colour-texture-features", ColourTextureGraph.features(crop.size(), radii)
                .toByteArray());
    }

    /**
     * Descriptors of all photos, in input order (each photo followed by its augmented copies), on {@code threads}
     * threads.
     */
    public List<Sample> of(List<PadPhotos.Photo> photos, int threads) throws Exception {
        return ChunkedWork.map(photos, CHUNK, threads, this::chunk);
    }

    private List<Sample> chunk(List<PadPhotos.Photo> photos) throws IOException {
        PhotoFaces.Located located = PhotoFaces.find(pipeline, photos);
        List<PadFace> faces = located.faces();
        List<Integer> faceIdx = located.photoIndex();
        int copies = 1 + augmentation.copies();
        List<Sample> out = new ArrayList<>();
        double[][][] values = new double[copies][][];
        for (int copy = 0; copy < copies; copy++) {
            values[copy] = run(faces, copy, faceIdx.stream().map(i -> seedKey(photos.get(i))).toList());
        }
        int next = 0;
        for (int i = 0; i < photos.size(); i++) {
            boolean hasFace = next < faceIdx.size() && faceIdx.get(next) == i;
            for (int copy = 0; copy < copies; copy++) {
                out.add(new Sample(photos.get(i), hasFace ? values[copy][next] : null, copy));
            }
            next += hasFace ? 1 : 0;
        }
        return out;
    }

    /** The descriptor of each face as the PAD model's crop rule cuts it. */
    public double[][] run(List<PadFace> faces) {
        return run(faces, 0, null);
    }

    /** What seeds a photo's augmentation: its class and file name, not where the data set lies. */
    private static String seedKey(PadPhotos.Photo p) {
        return (p.attack() ? "attack/" : "live/") + p.path().getFileName();
    }

    /** As {@link #run(List)}, copy {@code copy} > 0 augmented with a seed made of each face's {@code keys}. */
    private double[][] run(List<PadFace> faces, int copy, List<String> keys) {
        if (faces.isEmpty()) {
            return new double[0][];
        }
        PadDescriptor.Normalisation raw = new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.RGB,
                new float[3], new float[] {1, 1, 1});
        org.facegate.pad.PadCrop cut = new org.facegate.pad.PadCrop(crop, raw);
        int per = cut.floats();
        FloatBuffer in = buffers.floats(faces.size() * per);
        for (int k = 0; k < faces.size(); k++) {
            cut.write(faces.get(k), in, k * per);
            if (copy > 0) {
                augmentation.apply(in, k * per, crop.size(), keys.get(k).hashCode() * 1_000_003L + copy);
            }
        }
        float[] out = features.run("face", "features", in, faces.size(), 3, crop.size(), crop.size());
        double[][] rows = new double[faces.size()][count];
        for (int k = 0; k < faces.size(); k++) {
            for (int j = 0; j < count; j++) {
                rows[k][j] = out[k * count + j];
            }
        }
        return rows;
    }
}
