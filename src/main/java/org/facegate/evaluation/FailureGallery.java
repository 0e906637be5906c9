package org.facegate.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.facegate.vision.FaceBox;

/**
 * {@code eval lfw --gallery N}: writes {@code gallery.png}, a contact sheet of the pairs the calibrated decision
 * gets most wrong ({@link FailureRanking}: failed photos first, then the N worst), each photo with its chosen face
 * box, landmarks and aligned chips ({@link GallerySheet}), and {@code gallery.json}, the same rows as data. These
 * are face images of the public LFW set; only the evaluation writes them, never the service.
 */
public final class FailureGallery {

    public static final String PNG = "gallery.png";
    public static final String JSON_FILE = "gallery.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final GalleryPhotos photos;
    private final Path imagesDir;
    private final String modelId;
    private final List<String> memberIds;

    /**
     * @param imagesDir the LFW {@code images/} folder the pair paths are relative to
     * @param memberIds the descriptor's member models, in member order (just the model for a single one)
     */
    public FailureGallery(GalleryPhotos photos, Path imagesDir, String modelId, List<String> memberIds) {
        this.photos = photos;
        this.imagesDir = imagesDir;
        this.modelId = modelId;
        this.memberIds = List.copyOf(memberIds);
    }

    /**
     * Ranks {@code outcomes} at {@code threshold}, runs the pipeline on the photos of the chosen rows and writes both
     * files into {@code outDir}; returns the rows.
     */
    public List<FailureRanking.Ranked> write(Path outDir, List<PairOutcome> outcomes, double threshold,
            double targetFar, int n) throws IOException {
        List<FailureRanking.Ranked> ranked = FailureRanking.worst(outcomes, threshold, n);
        Set<String> paths = new LinkedHashSet<>();
        for (FailureRanking.Ranked r : ranked) {
            paths.add(r.outcome().pair().first());
            paths.add(r.outcome().pair().second());
        }
        Map<String, GalleryPhoto> loaded = photos.load(imagesDir, List.copyOf(paths));
        List<GallerySheet.Row> rows = new ArrayList<>();
        List<Map<String, Object>> json = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            FailureRanking.Ranked r = ranked.get(i);
            GalleryPhoto a = loaded.get(r.outcome().pair().first());
            GalleryPhoto b = loaded.get(r.outcome().pair().second());
            rows.add(new GallerySheet.Row(r.kind(), a, b, label(i + 1, r, threshold, memberIds)));
            json.add(row(i + 1, r, threshold, a, b, memberIds));
        }
        String title = String.format(Locale.ROOT, "%s | %d of %d LFW pairs, worst first | same person when distance"
                + " < %.4f (calibrated at FAR %s)", modelId, ranked.size(), outcomes.size(), threshold, targetFar);
        Files.createDirectories(outDir);
        ImageIO.write(GallerySheet.draw(title, memberIds, rows), "png", outDir.resolve(PNG).toFile());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", modelId);
        doc.put("members", memberIds);
        doc.put("targetFar", targetFar);
        doc.put("threshold", threshold);
        doc.put("decisionRule", "same person when distance < threshold");
        doc.put("ranking", "pairs with a failed photo first (at most N), then the N scored pairs farthest on the wrong"
                + " side of the threshold; correct pairs nearest the threshold fill when there are fewer errors");
        doc.put("pairs", outcomes.size());
        doc.put("pairsWithAFailedPhoto", outcomes.stream().filter(PairOutcome::failed).count());
        doc.put("errors", outcomes.stream().filter(o -> !o.failed() && (o.distance() < threshold) != o.pair().same())
                .count());
        doc.put("rows", json);
        Files.writeString(outDir.resolve(JSON_FILE), JSON.writeValueAsString(doc));
        return ranked;
    }

    /** The text beside a row; the first line says what the row shows. */
    static List<String> label(int rank, FailureRanking.Ranked r, double threshold, List<String> memberIds) {
        PairOutcome o = r.outcome();
        String kind = o.pair().same() ? "genuine" : "impostor";
        List<String> out = new ArrayList<>();
        out.add(switch (r.kind()) {
            case FAILED_IMAGE -> String.format("#%d FAILED PHOTO: %s pair not scored", rank, kind);
            case ERROR -> String.format("#%d ERROR: %s pair %s", rank, kind, o.pair().same() ? "rejected" : "accepted");
            case CORRECT -> String.format("#%d correct (near the threshold): %s pair %s", rank, kind,
                    o.pair().same() ? "accepted" : "rejected");
        });
        out.add(String.format(Locale.ROOT, "pair %d of the evaluated, fold %d", o.index() + 1, o.pair().fold()));
        out.add("A  " + name(o.pair().first()) + (o.firstProblem() == null ? "" : "  [" + o.firstProblem() + "]"));
        out.add("B  " + name(o.pair().second()) + (o.secondProblem() == null ? "" : "  [" + o.secondProblem() + "]"));
        if (!o.failed()) {
            out.add(String.format(Locale.ROOT, "distance %.4f vs threshold %.4f", o.distance(), threshold));
            double beyond = r.beyondThreshold();
            out.add(beyond == 0 ? "exactly at the threshold" : String.format(Locale.ROOT, "%.4f on the %s side",
                    Math.abs(beyond), beyond > 0 ? "wrong" : "right"));
            double[] d = o.memberDistances();
            if (memberIds.size() > 1) {
                for (int m = 0; m < d.length; m++) {
                    out.add(String.format(Locale.ROOT, "  %s: %.4f", memberIds.get(m), d[m]));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> row(int rank, FailureRanking.Ranked r, double threshold, GalleryPhoto a,
            GalleryPhoto b, List<String> memberIds) {
        PairOutcome o = r.outcome();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank);
        m.put("kind", r.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("error", r.error());
        m.put("pair", o.index() + 1);
        m.put("fold", o.pair().fold());
        m.put("genuine", o.pair().same());
        m.put("distance", o.failed() ? null : o.distance());
        m.put("threshold", threshold);
        m.put("beyondThreshold", o.failed() ? null : r.beyondThreshold());
        if (!o.failed()) {
            Map<String, Double> members = new LinkedHashMap<>();
            double[] d = o.memberDistances();
            for (int k = 0; k < d.length; k++) {
                members.put(memberIds.get(k), d[k]);
            }
            m.put("memberDistances", members);
        }
        m.put("first", photo(o.pair().first(), o.firstProblem(), a));
        m.put("second", photo(o.pair().second(), o.secondProblem(), b));
        return m;
    }

    private static Map<String, Object> photo(String path, String evaluatedProblem, GalleryPhoto p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("problem", evaluatedProblem);
        FaceBox box = p == null ? null : p.box();
        m.put("box", box == null ? null : new double[] {box.x(), box.y(), box.width(), box.height()});
        return m;
    }

    /** {@code NAME/NAME_0001.jpg} -> {@code NAME_0001}. */
    private static String name(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
