package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facegate.cohort.CohortFile;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cohort build} on a few real LFW photos: a sealed cohort of the model in use, one face per photo that has one,
 * readable under the key and naming its version; without a key it refuses, as {@code run} does.
 */
class CohortCommandTest {

    @TempDir
    Path dir;

    @Test
    void buildsASealedCohortFromAFolderOfPhotos() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos/sub"));
        List<String> people = List.of("Aaron_Peirsol", "Abdullah_Gul", "Adrien_Brody", "Al_Gore");
        for (String name : people) {
            Files.copy(SharedDatasets.lfwImage(name, 1), photos.resolve(name + ".jpg"));
        }
        Files.writeString(photos.resolve("notes.txt"), "not a photo");
        Path key = dir.resolve("template.key");
        TemplateKey k = TemplateKey.generate();
        k.write(key);
        Path out = dir.resolve("cohort.bin");
        CommandRun run = CommandRun.of("cohort", "build", "--images", dir.resolve("photos").toString(), "--out",
                out.toString(), "--template-key-file", key.toString(), "--models", TestModels.modelsDir().toString(),
                "--provider", "cpu");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("4 faces of 4 photos"), run.out());
        assertTrue(run.out().contains("sealed under key " + k.id()), run.out());
        FusionDescriptor fusion = (FusionDescriptor) RecognitionDescriptor.load(
                TestModels.modelsDir().resolve("facegate-fusion.model.json"));
        CohortFile.Contents read = CohortFile.read(out, TemplateKeyRing.of(k), fusion.members());
        assertEquals(4, read.cohort().size());
        assertTrue(run.out().contains(read.cohort().version()), "prints the version it wrote: " + run.out());
        for (String name : people) {
            assertTrue(!run.out().contains(name) && !read.provenance().contains(name), "no names of people");
        }

        CommandRun sample = CommandRun.of("cohort", "build", "--images", dir.resolve("photos").toString(), "--out",
                dir.resolve("two.bin").toString(), "--max-faces", "2", "--template-key-file", key.toString(),
                "--models", TestModels.modelsDir().toString(), "--provider", "cpu");
        assertEquals(0, sample.exit(), sample.err());
        assertTrue(sample.out().contains("2 faces of 2 photos"), sample.out());
    }

    @Test
    void withoutATemplateKeyItRefusesAsRunDoes() {
        CommandRun run = CommandRun.of("cohort", "build", "--images", dir.toString(), "--out",
                dir.resolve("c.bin").toString(), "--models", TestModels.modelsDir().toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.err().contains("key"), run.err());
        assertEquals(1, CommandRun.of("cohort", "make").exit());
    }
}
