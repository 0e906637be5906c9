package org.facegate.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceEmbedder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.RgbImage;

/**
 * Runs the pipeline again on the few photos a failure gallery shows, to get what the evaluation does not keep per
 * image (its cache holds only embeddings and quality): the decoded photo, the chosen face's box and landmarks, and
 * the chip each member model was given. The pipeline is deterministic, so these are the faces that were scored.
 */
public final class GalleryPhotos {

    /** Photos per {@link FacePipeline#analyseAll} call, as the evaluation batches them. */
    private static final int BATCH = 8;

    private final FacePipeline pipeline;

    public GalleryPhotos(FacePipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Each of {@code paths} (relative to {@code imagesDir}), in their order; a missing file is a photo without
     * image and problem {@code MISSING_FILE}, as in the evaluation.
     */
    public Map<String, GalleryPhoto> load(Path imagesDir, List<String> paths) throws IOException {
        Map<String, GalleryPhoto> out = new LinkedHashMap<>();
        List<String> decodedPaths = new ArrayList<>();
        List<RgbImage> decoded = new ArrayList<>();
        for (String path : paths) {
            Path file = imagesDir.resolve(path);
            if (!Files.isRegularFile(file)) {
                out.put(path, GalleryPhoto.failed(path, null, "MISSING_FILE"));
                continue;
            }
            byte[] b = Files.readAllBytes(file);
            DecodeResult r = pipeline.decoder().decode(b);
            if (r instanceof DecodeResult.Decoded d) {
                decodedPaths.add(path);
                decoded.add(d.image());
                out.put(path, null); // keeps the order; filled below
            } else {
                out.put(path, GalleryPhoto.failed(path, null, ((DecodeResult.Failed) r).problem().name()));
            }
        }
        for (int i = 0; i < decoded.size(); i += BATCH) {
            int end = Math.min(decoded.size(), i + BATCH);
            List<FaceAnalysis> analysed = pipeline.analyseDecoded(decoded.subList(i, end));
            for (int k = i; k < end; k++) {
                out.put(decodedPaths.get(k), photo(decodedPaths.get(k), decoded.get(k), analysed.get(k - i)));
            }
        }
        return out;
    }

    private GalleryPhoto photo(String path, RgbImage image, FaceAnalysis analysis) {
        if (analysis instanceof FaceAnalysis.Embedded e && e.landmarks() != null) {
            List<RgbImage> chips = new ArrayList<>();
            for (FaceEmbedder member : pipeline.embedders()) {
                chips.add(member.alignedChip(image, e.landmarks()));
            }
            return new GalleryPhoto(path, image, e.box(), e.landmarks(), chips, null);
        }
        String problem = analysis instanceof FaceAnalysis.Rejected r ? r.problem().name() : "NO_LANDMARKS";
        return GalleryPhoto.failed(path, image, problem);
    }
}
