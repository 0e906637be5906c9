package org.facegate.evaluation;

import java.util.List;
import org.facegate.vision.FaceBox;
import org.facegate.vision.Landmarks;
import org.facegate.vision.RgbImage;

/**
 * One photo of the failure gallery as the pipeline saw it: the decoded photo (null when it could not be read), the
 * selected face's box and 68 landmarks with each member model's aligned chip (in member order), or the problem
 * that stopped the pipeline (box, landmarks null, no chips). Biometric data: {@link #toString()} leaves the images
 * out.
 */
public record GalleryPhoto(String path, RgbImage photo, FaceBox box, Landmarks landmarks, List<RgbImage> chips,
        String problem) {

    public GalleryPhoto {
        chips = List.copyOf(chips);
    }

    static GalleryPhoto failed(String path, RgbImage photo, String problem) {
        return new GalleryPhoto(path, photo, null, null, List.of(), problem);
    }

    @Override
    public String toString() {
        return "GalleryPhoto[" + path + ", " + (problem == null ? chips.size() + " chips" : problem) + "]";
    }
}
