package org.facegate.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facegate.pad.PadFace;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.padtraining.ChunkedWork;
import org.facegate.padtraining.PadPhotos;
import org.facegate.padtraining.PhotoFaces;
import org.facegate.vision.FacePipeline;

/**
 * Presentation-attack detection measured the ISO/IEC 30107-3 way on a folder of bona fide and attack photos: each
 * photo goes through the pipeline's decoder and face finder and, when a face is found, the PAD model. APCER is the
 * share of attack photos accepted as bona fide, BPCER the share of bona fide photos rejected, both over the photos in
 * which a face is found. A photo without a face is a failure to acquire (FTA), reported apart per class
 * ({@code noFace}, {@link Rates#bonaFideFta()}, {@link Rates#attacksFta()}) as ISO/IEC 30107-3 does: the PAD model
 * never saw it, so it says nothing of the model's errors (at a gate a bona fide FTA still sends the traveller to an
 * officer, and an attack without a face opens no gate; read the FTA beside BPCER and APCER).
 */
public final class PadEvaluation {

    private static final int CHUNK = 16;

    /** One photo's outcome: its PAD score, or NaN when no face was found. */
    public record Scored(PadPhotos.Photo photo, double score) {
        public boolean hasFace() {
            return !Double.isNaN(score);
        }
    }

    private final FacePipeline pipeline;
    private final PresentationAttackDetector pad;

    public PadEvaluation(FacePipeline pipeline) {
        this.pipeline = pipeline;
        this.pad = pipeline.presentationAttackDetector();
        if (pad == null) {
            throw new IllegalArgumentException("the pipeline has presentation-attack detection switched off");
        }
    }

    /** Scores every photo, in input order, on {@code threads} threads (fixed chunks, written by index). */
    public List<Scored> score(List<PadPhotos.Photo> photos, int threads, Progress progress) throws Exception {
        return ChunkedWork.map(photos, CHUNK, threads, chunk -> {
            List<Scored> s = chunk(chunk);
            if (progress != null) {
                progress.advance(chunk.size());
            }
            return s;
        });
    }

    private List<Scored> chunk(List<PadPhotos.Photo> photos) throws IOException {
        PhotoFaces.Located located = PhotoFaces.find(pipeline, photos);
        List<PadFace> faces = located.faces();
        List<Integer> faceIdx = located.photoIndex();
        double[] scores = pad.rawScores(faces);
        double[] byPhoto = new double[photos.size()];
        java.util.Arrays.fill(byPhoto, Double.NaN);
        for (int k = 0; k < faces.size(); k++) {
            byPhoto[faceIdx.get(k)] = scores[k];
        }
        List<Scored> out = new ArrayList<>(photos.size());
        for (int i = 0; i < photos.size(); i++) {
            out.add(new Scored(photos.get(i), byPhoto[i]));
        }
        return out;
    }

    /**
     * Error rates at a threshold: counts of photos per class ({@code bonaFide}, {@code attacks}), of those without a
     * face ({@code bonaFideNoFace}, {@code attacksNoFace}), and APCER and BPCER over the photos with a face (NaN when
     * a class has no photo with a face).
     */
    public record Rates(int bonaFide, int attacks, int bonaFideNoFace, int attacksNoFace, double apcer, double bpcer) {

        /** Bona fide failures to acquire: the share of bona fide photos without a face (NaN without any). */
        public double bonaFideFta() {
            return bonaFide == 0 ? Double.NaN : (double) bonaFideNoFace / bonaFide;
        }

        /** Attack failures to acquire: the share of attack photos without a face (NaN without any). */
        public double attacksFta() {
            return attacks == 0 ? Double.NaN : (double) attacksNoFace / attacks;
        }

        /** Bona fide photos with a face: BPCER's denominator. */
        public int bonaFideWithFace() {
            return bonaFide - bonaFideNoFace;
        }

        /** Attack photos with a face: APCER's denominator. */
        public int attacksWithFace() {
            return attacks - attacksNoFace;
        }
    }

    public static Rates rates(List<Scored> scored, double threshold) {
        int bf = 0;
        int at = 0;
        int bfNoFace = 0;
        int atNoFace = 0;
        int accepted = 0;
        int rejected = 0;
        for (Scored s : scored) {
            boolean passes = s.hasFace() && s.score() >= threshold;
            if (s.photo().attack()) {
                at++;
                atNoFace += s.hasFace() ? 0 : 1;
                accepted += passes ? 1 : 0;
            } else {
                bf++;
                bfNoFace += s.hasFace() ? 0 : 1;
                rejected += s.hasFace() && !passes ? 1 : 0;
            }
        }
        int atFace = at - atNoFace;
        int bfFace = bf - bfNoFace;
        return new Rates(bf, at, bfNoFace, atNoFace, atFace == 0 ? Double.NaN : (double) accepted / atFace,
                bfFace == 0 ? Double.NaN : (double) rejected / bfFace);
    }

    /**
     * The lowest BPCER at which APCER is at most {@code apcer}: the threshold just above the attack score of that
     * rank, both over the photos with a face. NaN when there is no attack or no bona fide photo with a face.
     */
    public static double bpcerAtApcer(List<Scored> scored, double apcer) {
        double[] attacks = scored.stream().filter(s -> s.photo().attack() && s.hasFace()).mapToDouble(Scored::score)
                .sorted().toArray();
        if (attacks.length == 0 || scored.stream().noneMatch(s -> !s.photo().attack() && s.hasFace())) {
            return Double.NaN;
        }
        int allowed = (int) Math.floor(apcer * attacks.length);
        // Accepting at most `allowed` attacks: threshold above the attack score ranked `allowed` from the top.
        double t = Math.nextUp(attacks[attacks.length - 1 - Math.min(allowed, attacks.length - 1)]);
        if (allowed >= attacks.length) {
            t = Double.NEGATIVE_INFINITY;
        }
        return rates(scored, t).bpcer();
    }

    /** The DET curve: (APCER, 1 - BPCER) at every distinct score, for {@link ReportPlots#det}. */
    public static List<VerificationMetrics.RocPoint> curve(List<Scored> scored) {
        double[] thresholds = scored.stream().filter(Scored::hasFace).mapToDouble(Scored::score).distinct().sorted()
                .toArray();
        List<VerificationMetrics.RocPoint> points = new ArrayList<>();
        for (double t : thresholds) {
            Rates r = rates(scored, t);
            points.add(new VerificationMetrics.RocPoint(t, r.apcer(), 1 - r.bpcer()));
        }
        return points;
    }

    /** Rates per subject (the first field of the file name), in subject order. */
    public static Map<String, Rates> bySubject(List<Scored> scored, double threshold) {
        Map<String, List<Scored>> groups = new TreeMap<>();
        scored.forEach(s -> groups.computeIfAbsent(s.photo().subject(), k -> new ArrayList<>()).add(s));
        Map<String, Rates> out = new LinkedHashMap<>();
        groups.forEach((subject, list) -> out.put(subject, rates(list, threshold)));
        return out;
    }

    /** Every photo in {@code dir} (any depth) as a bona fide presentation, e.g. LFW's news photos. */
    public static List<PadPhotos.Photo> bonaFideFolder(Path dir) throws IOException {
        return PadPhotos.listAll(dir, false);
    }
}
