package org.facegate.modelimport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.pad.PadDescriptor;

/**
 * Makes a fused PAD descriptor from one-model descriptor files and fitted coefficients: each file becomes a member
 * under its own id, with the same crop rule, normalisation and score rule, and its {@code onnx} rewritten relative to
 * the fused descriptor's folder. The member files stay where they are, so each member alone is one setting away
 * ({@code facegate.pad.descriptor} or {@code eval pad --model} pointed at its own file).
 *
 * <p>Typical use, by a command that fitted the fusion on {@code PresentationAttackDetector.memberLogits}:
 * {@code PadFusionWriter.write(dir.resolve("fused.pad.json"), "my-fusion@1", List.of(texture, liveness),
 * PadDescriptor.Fusion.logistic(b, w1, w2), threshold, table, "how it was fitted")}.
 */
public final class PadFusionWriter {

    private PadFusionWriter() {
    }

    /**
     * The fused descriptor of {@code memberFiles} (in the order of {@code fusion}'s weights), for a file in
     * {@code outDir}.
     * @throws IOException when a member file cannot be read or is not a one-model PAD descriptor
     * @throws IllegalArgumentException when the coefficients do not fit the members (the message says how), or two
     *                                  members share an id
     */
    public static PadDescriptor fuse(String id, List<Path> memberFiles, PadDescriptor.Fusion fusion, double threshold,
            List<PadDescriptor.OperatingPoint> operatingPoints, String calibration, Path outDir) throws IOException {
        List<PadDescriptor.Member> members = new ArrayList<>(memberFiles.size());
        for (Path file : memberFiles) {
            PadDescriptor d = PadDescriptor.load(file);
            if (d.fused()) {
                throw new IOException(file + ": " + d.id() + " is itself a fusion; name its members' own files");
            }
            Path dir = file.toAbsolutePath().getParent();
            members.add(PadDescriptor.Member.of(d.relocate(dir, outDir)));
        }
        return PadDescriptor.fused(id, members, fusion, threshold, operatingPoints, calibration);
    }

    /** As {@link #fuse}, written (atomically) to {@code file}; returns what was written. */
    public static PadDescriptor write(Path file, String id, List<Path> memberFiles, PadDescriptor.Fusion fusion,
            double threshold, List<PadDescriptor.OperatingPoint> operatingPoints, String calibration)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        PadDescriptor d = fuse(id, memberFiles, fusion, threshold, operatingPoints, calibration, dir);
        Files.createDirectories(dir);
        d.write(file);
        return d;
    }
}
