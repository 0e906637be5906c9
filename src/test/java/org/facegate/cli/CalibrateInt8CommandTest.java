package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facegate.modelimport.ActivationRanges;
import org.facegate.modelimport.Int8Quantiser;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate-int8} as a user runs it, kept short (3 LFW photos, no fp32 node search): it writes one table per
 * recognition network, each covering every activation the quantiser needs, and refuses options out of range. The
 * committed tables are the same command with its defaults (150 photos; minutes, so not in the suite); the build
 * quantising with them is checked by ConvertedModelsTest and Int8RecognitionTest.
 */
class CalibrateInt8CommandTest {

    @Test
    void writesATableForEachRecognitionNetwork(@TempDir Path out) throws Exception {
        Path lfw = SharedDatasets.lfw();
        CommandRun r = CommandRun.of("calibrate-int8", "--dataset", lfw.toString(), "--photos", "3",
                "--target-cosine", "0.5", "--out", out.toString(), "--models", TestModels.modelsDir().toString());
        assertEquals(0, r.exit(), r.err());
        for (String net : new String[] {"face_recognition", "faceplugin_fr_feature"}) {
            Path table = out.resolve(net + ".ranges.json");
            assertTrue(Files.isRegularFile(table), r.out());
            ActivationRanges ranges = ActivationRanges.read(table);
            assertEquals(net + ".onnx", ranges.model());
            assertTrue(ranges.calibration().contains("3 photos with a face of 3")
                    || ranges.calibration().contains("photos with a face of 3"), ranges.calibration());
            assertTrue(ranges.floatNodes().isEmpty(), "cosine 0.5 is reached with every node int8");
            ModelProto fp32 = ModelProto.parseFrom(Files.readAllBytes(TestModels.modelsDir().resolve(net + ".onnx")));
            ModelProto int8 = Int8Quantiser.quantise(fp32, ranges); // throws when an activation has no range
            assertTrue(int8.getGraph().getNodeCount() > fp32.getGraph().getNodeCount());
        }
        assertTrue(r.out().contains("cosine all-int8"), r.out());
    }

    @Test
    void optionsOutOfRangeAreRefused(@TempDir Path out) throws Exception {
        for (String[] bad : new String[][] {{"--photos", "0"}, {"--tail", "0.5"}, {"--target-cosine", "2"},
            {"--max-fp32-nodes", "-1"}}) {
            CommandRun r = CommandRun.of("calibrate-int8", "--dataset", out.toString(), bad[0], bad[1],
                    "--out", out.toString());
            assertEquals(1, r.exit(), String.join(" ", bad) + ": " + r.err());
        }
    }
}
