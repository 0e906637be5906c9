package org.facegate.padtraining;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.pad.PadFace;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.vision.FacePipeline;

/**
 * What a fusion of the colour-texture model and other PAD models is fitted on, for each photo: the face the
 * pipeline chooses ({@link PhotoFaces}), its colour-texture descriptor ({@link PadFeatures}) and the bona fide logit
 * of each other model ({@link PresentationAttackDetector#memberLogits}, one column per detector). Photos without a
 * face get null features (a failure to acquire). Work runs in fixed chunks joined in input order
 * ({@link ChunkedWork}), so the result does not depend on the threads.
 */
public final class PadMemberInputs {

    private static final int CHUNK = 16;

    /** One photo's inputs: null {@code features} and empty {@code logits} when no face was found. */
    public record Row(SourceFolds.SourcePhoto photo, double[] features, double[] logits) {

        public boolean hasFace() {
            return features != null;
        }
    }

    private final FacePipeline pipeline;
    private final PadFeatures texture;
    private final List<PresentationAttackDetector> others;

    public PadMemberInputs(FacePipeline pipeline, PadFeatures texture, List<PresentationAttackDetector> others) {
        this.pipeline = pipeline;
        this.texture = texture;
        this.others = List.copyOf(others);
    }

    /** The inputs of every photo, in input order, on {@code threads} threads. */
    public List<Row> of(List<SourceFolds.SourcePhoto> photos, int threads) throws Exception {
        return ChunkedWork.map(photos, CHUNK, threads, this::chunk);
    }

    /**
     * The inputs of {@code photos} from {@code cache} when it holds exactly those photos (same paths, same order),
     * else computed and written there, so that refits with other options skip the slow part.
     */
    public List<Row> cached(List<SourceFolds.SourcePhoto> photos, int threads, Path cache) throws Exception {
        if (Files.isRegularFile(cache)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
                if (in.readInt() == photos.size()) {
                    List<Row> rows = new ArrayList<>(photos.size());
                    boolean same = true;
                    for (SourceFolds.SourcePhoto p : photos) {
                        same &= in.readUTF().equals(p.photo().path().toString());
                        double[] f = readArray(in);
                        rows.add(new Row(p, f.length == 0 ? null : f, readArray(in)));
                    }
                    if (same) {
                        return rows;
                    }
                }
            }
        }
        List<Row> rows = of(photos, threads);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cache)))) {
            out.writeInt(rows.size());
            for (Row r : rows) {
                out.writeUTF(r.photo().photo().path().toString());
                writeArray(out, r.hasFace() ? r.features() : new double[0]);
                writeArray(out, r.logits());
            }
        }
        return rows;
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        double[] v = new double[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }

    private static void writeArray(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v.length);
        for (double x : v) {
            out.writeDouble(x);
        }
    }

    private List<Row> chunk(List<SourceFolds.SourcePhoto> photos) throws Exception {
        PhotoFaces.Located located = PhotoFaces.find(pipeline, photos.stream().map(SourceFolds.SourcePhoto::photo)
                .toList());
        List<PadFace> faces = located.faces();
        double[][] features = texture.run(faces);
        double[][][] logits = new double[others.size()][][];
        for (int m = 0; m < others.size(); m++) {
            logits[m] = others.get(m).memberLogits(faces);
        }
        List<Row> out = new ArrayList<>(photos.size());
        int next = 0;
        for (int i = 0; i < photos.size(); i++) {
            boolean hasFace = next < located.photoIndex().size() && located.photoIndex().get(next) == i;
            if (hasFace) {
                double[] l = new double[others.size()];
                for (int m = 0; m < l.length; m++) {
                    l[m] = logits[m][next][0];
                }
                out.add(new Row(photos.get(i), features[next], l));
                next++;
            } else {
                out.add(new Row(photos.get(i), null, new double[0]));
            }
        }
        return out;
    }
}
