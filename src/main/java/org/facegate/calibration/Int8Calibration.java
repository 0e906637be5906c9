package org.facegate.calibration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facegate.inference.ModelDescriptor;
import org.facegate.modelimport.ActivationRangeMeter;
import org.facegate.modelimport.ActivationRanges;
import org.facegate.modelimport.Int8Quantiser;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.NodeProto;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceEmbedder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.RgbImage;

/**
 * Measures what {@link Int8Quantiser} needs for each recognition network of an fp32 pipeline: the activation ranges
 * on the chips the network really gets for the calibration photos (found, landmarked and aligned by the pipeline,
 * mirrored too where the model flip-averages), clipped at a tail of {@code tail} of the values at each end. Then
 * checks the int8 graph against the fp32 one on the same chips (mean cosine of the embeddings) and, while it stays
 * under {@code targetCosine}, keeps in fp32 the nodes whose quantisation alone costs the most, at most
 * {@code maxFloatNodes} of them. Everything runs on the CPU in one thread, so the same photos give the same table.
 */
public final class Int8Calibration {

    /** Operators ranked for staying fp32. */
    private static final Set<String> RANKED = Set.of("Conv", "Add", "PRelu");

    /** The rule: clipping tail, cosine to reach, most nodes kept fp32. */
    public record Rule(double tail, double targetCosine, int maxFloatNodes) {
    }

    /** One network's outcome. */
    public record Result(ModelDescriptor member, ActivationRanges ranges, int chips, double cosineAllInt8,
            double cosine) {
    }

    private final FacePipeline fp32;
    private final Path descriptorDir;

    /**
     * @param fp32          a pipeline whose recognition networks run their fp32 graphs
     * @param descriptorDir the folder the members' ONNX files are resolved against
     */
    public Int8Calibration(FacePipeline fp32, Path descriptorDir) {
        this.fp32 = fp32;
        this.descriptorDir = descriptorDir;
    }

    public List<Result> run(List<Path> photos, Rule rule, String provenance) throws IOException {
        List<FaceEmbedder> embedders = fp32.embedders();
        List<List<Chips>> chips = new ArrayList<>();
        for (int m = 0; m < embedders.size(); m++) {
            chips.add(new ArrayList<>());
        }
        for (Path photo : photos) {
            if (!(fp32.decoder().decode(Files.readAllBytes(photo)) instanceof DecodeResult.Decoded decoded)) {
                continue;
            }
            RgbImage image = decoded.image();
            if (!(fp32.analyseDecoded(List.of(image)).get(0) instanceof FaceAnalysis.Embedded face)) {
                continue;
            }
            for (int m = 0; m < embedders.size(); m++) {
                FaceEmbedder e = embedders.get(m);
                FloatBuffer buf = ByteBuffer.allocateDirect(2 * e.floatsPerChip() * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                int n = e.writeNetworkInputs(image, face.landmarks(), buf, 0);
                buf.clear().limit(n * e.floatsPerChip());
                chips.get(m).add(new Chips(buf, n));
            }
        }
        List<Result> results = new ArrayList<>();
        for (int m = 0; m < embedders.size(); m++) {
            results.add(calibrate(embedders.get(m).descriptor(), chips.get(m), rule, provenance, photos.size()));
        }
        return results;
    }

    private record Chips(FloatBuffer values, int count) {
    }

    private Result calibrate(ModelDescriptor member, List<Chips> chips, Rule rule, String provenance, int photos)
            throws IOException {
        if (chips.isEmpty()) {
            throw new IllegalStateException("no calibration photo had a face");
        }
        Path file = member.onnxPath(descriptorDir);
        ModelProto fp32Graph = ModelProto.parseFrom(Files.readAllBytes(file));
        ActivationRanges ranges;
        try (ActivationRangeMeter meter = new ActivationRangeMeter(fp32Graph)) {
            for (Chips c : chips) {
                meter.add(c.values().rewind(), member.input().shape(c.count()));
            }
            meter.startCounting();
            for (Chips c : chips) {
                meter.add(c.values().rewind(), member.input().shape(c.count()));
            }
            ranges = meter.ranges(file.getFileName().toString(), String.format(
                    "%s; %d chips from %d photos with a face of %d; tail %s clipped at each end; fp32 nodes: the"
                            + " most costly alone while the mean cosine int8/fp32 stays under %s, at most %d",
                    provenance, meter.inputs(), chips.size(), photos, rule.tail(), rule.targetCosine(),
                    rule.maxFloatNodes()), rule.tail());
        }
        EmbeddingCheck check = new EmbeddingCheck(member, fp32Graph, chips);
        double all = check.meanCosine(ranges);
        double cosine = all;
        if (all < rule.targetCosine() && rule.maxFloatNodes() > 0) {
            List<String> ranked = rankBySensitivity(fp32Graph, ranges, check);
            List<String> kept = new ArrayList<>();
            for (String node : ranked) {
                if (cosine >= rule.targetCosine() || kept.size() >= rule.maxFloatNodes()) {
                    break;
                }
                kept.add(node);
                cosine = check.meanCosine(ranges.withFloatNodes(kept));
            }
            ranges = ranges.withFloatNodes(kept);
        }
        return new Result(member, ranges, chips.size(), all, cosine);
    }

    /** Nodes by the cosine lost when only that node is quantised, most costly first. */
    private static List<String> rankBySensitivity(ModelProto g, ActivationRanges ranges, EmbeddingCheck check) {
        List<String> nodes = new ArrayList<>();
        for (NodeProto n : g.getGraph().getNodeList()) {
            if (RANKED.contains(n.getOpType())) {
                nodes.add(n.getOutput(0));
            }
        }
        Map<String, Double> loss = new LinkedHashMap<>();
        for (String node : nodes) {
            List<String> others = new ArrayList<>(nodes);
            others.remove(node);
            loss.put(node, 1 - check.meanCosine(ranges.withFloatNodes(others)));
        }
        List<String> ranked = new ArrayList<>(nodes);
        ranked.sort(Comparator.comparing((String n) -> -loss.get(n)).thenComparing(nodes::indexOf));
        return ranked;
    }

    /** Runs an int8 graph and the fp32 graph on the calibration chips and compares the embeddings. */
    private static final class EmbeddingCheck {
        private final ModelDescriptor member;
        private final ModelProto fp32Graph;
        private final List<Chips> chips;
        private final List<float[]> reference = new ArrayList<>();

        EmbeddingCheck(ModelDescriptor member, ModelProto fp32Graph, List<Chips> chips) {
            this.member = member;
            this.fp32Graph = fp32Graph;
            this.chips = chips;
            try (GraphRunner fp32 = new GraphRunner(fp32Graph.toByteArray(), member)) {
                for (Chips c : chips) {
                    reference.add(fp32.embedding(c));
                }
            }
        }

        double meanCosine(ActivationRanges ranges) {
            byte[] int8 = Int8Quantiser.quantise(fp32Graph, ranges).toByteArray();
            double sum = 0;
            try (GraphRunner runner = new GraphRunner(int8, member)) {
                for (int i = 0; i < chips.size(); i++) {
                    sum += cosine(runner.embedding(chips.get(i)), reference.get(i));
                }
            }
            return sum / chips.size();
        }
    }

    /** One ONNX Runtime session on the CPU, one thread, full graph optimisation (as the service runs int8). */
    private static final class GraphRunner implements AutoCloseable {
        private final ai.onnxruntime.OrtSession session;
        private final ModelDescriptor member;

        GraphRunner(byte[] graph, ModelDescriptor member) {
            this.member = member;
            try {
                ai.onnxruntime.OrtSession.SessionOptions o = new ai.onnxruntime.OrtSession.SessionOptions();
                o.setIntraOpNumThreads(1);
                o.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(graph, o);
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        /** The embedding of one face: its chips' outputs summed (flip averaging's direction). */
        float[] embedding(Chips c) {
            try (ai.onnxruntime.OnnxTensor t = ai.onnxruntime.OnnxTensor.createTensor(
                    ai.onnxruntime.OrtEnvironment.getEnvironment(), c.values().rewind(), member.input().shape(c.count()));
                    ai.onnxruntime.OrtSession.Result r = session.run(Map.of(member.input().name(), t),
                            Set.of(member.output().name()))) {
                FloatBuffer out = ((ai.onnxruntime.OnnxTensor) r.get(0)).getFloatBuffer();
                int dim = member.output().dimension();
                float[] sum = new float[dim];
                for (int i = 0; i < c.count() * dim; i++) {
                    sum[i % dim] += out.get(i);
                }
                return sum;
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Products in float, as when the committed tables were measured: a rerun must choose the same fp32 nodes. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** Writes each result's table into {@code dir} (file per network: {@code <onnx name>.ranges.json}). */
    public static List<Path> write(List<Result> results, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Result r : results) {
            String name = r.ranges().model().replace(".onnx", ".ranges.json");
            if (seen.add(name)) {
                Path f = dir.resolve(name);
                r.ranges().write(f);
                written.add(f);
            }
        }
        return written;
    }
}
