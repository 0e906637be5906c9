package org.facegate.padtraining;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.facegate.pad.PadFace;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.FaceBox;
import org.facegate.vision.FaceFinder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.RgbImage;

/**
 * The face the PAD stage would see in each photo file: decoded and chosen by the pipeline's own decoder and face
 * finder, as a live image is in the service. For the tools that train and measure PAD models on data sets.
 */
public final class PhotoFaces {

    private PhotoFaces() {
    }

    /** The faces found, in photo order, and the index of the photo each came from. */
    public record Located(List<PadFace> faces, List<Integer> photoIndex) {
    }

    /** The faces of the photos that can be decoded and have a usable face; the others are left out. */
    public static Located find(FacePipeline pipeline, List<PadPhotos.Photo> photos) throws IOException {
        List<RgbImage> images = new ArrayList<>();
        List<Integer> decodedIdx = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            if (pipeline.decoder().decode(Files.readAllBytes(photos.get(i).path())) instanceof DecodeResult.Decoded d) {
                images.add(d.image());
                decodedIdx.add(i);
            }
        }
        List<FaceFinder.Found> found = pipeline.finder().find(images);
        List<PadFace> faces = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int k = 0; k < images.size(); k++) {
            if (found.get(k) instanceof FaceFinder.Chosen c) {
                RgbImage img = images.get(k);
                FaceBox b = c.detection().box();
                faces.add(new PadFace(img.width(), img.height(), img.rgb(), b.x(), b.y(), b.width(), b.height()));
                index.add(decodedIdx.get(k));
            }
        }
        return new Located(faces, index);
    }
}
