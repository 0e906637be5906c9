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
 * share of attack photos accepted as bona fide, BPCER the share of bona fide photos rejected. How photos without a
 * face count: an attack in which no face is found opens no gate, so it counts as a rejected attack; a bona fide photo
 * without a face is a failure to acquire, counted as a rejection in BPCER (the traveller is sent to an officer all the
 * same) and reported apart ({@code noFace}).
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

    /** Error rates at a threshold over a set of scored photos. */
    public record Rates(int bonaFide, int attacks, int bonaFideNoFace, int attacksNoFace, double apcer, double bpcer) {
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
                rejected += passes ? 0 : 1;
            }
        }
        return new Rates(bf, at, bfNoFace, atNoFace, at == 0 ? Double.NaN : (double) accepted / at,
                bf == 0 ? Double.NaN : (double) rejected / bf);
    }

    /**
     * The lowest BPCER at which APCER is at most {@code apcer}: the threshold just above the attack score of that
     * rank. NaN when there are no attacks or no bona fide photos.
     */
    public static double bpcerAtApcer(List<Scored> scored, double apcer) {
        double[] attacks = scored.stream().filter(s -> s.photo().attack()).mapToDouble(
                s -> s.hasFace() ? s.score() : Double.NEGATIVE_INFINITY).sorted().toArray();
        if (attacks.length == 0 || scored.stream().noneMatch(s -> !s.photo().attack())) {
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
