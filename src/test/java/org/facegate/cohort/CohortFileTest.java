package org.facegate.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facegate.inference.Embedding;
import org.facegate.inference.ModelDescriptor;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cohort's version names its contents, and its file is sealed at rest like templates. */
class CohortFileTest {

    private static final List<ModelDescriptor> MEMBERS = CohortFixtures.fusionMembers();
    private static final Instant CREATED = Instant.parse("2026-12-04T23:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theVersionIsTheSameForTheSameFacesAndChangesWithAnyValue() {
        List<Embedding> faces = CohortFixtures.randomFaces(new Random(1), 5);
        Cohort one = Cohort.of(MEMBERS, faces);
        assertEquals(one.version(), Cohort.of(MEMBERS, CohortFixtures.randomFaces(new Random(1), 5)).version());
        assertTrue(one.version().matches("sha256:[0-9a-f]{24}"), one.version());
        List<Embedding> changed = new ArrayList<>(faces);
        float[] v = faces.get(3).values();
        v[600] = Math.nextUp(v[600]);
        changed.set(3, new Embedding(v));
        assertNotEquals(one.version(), Cohort.of(MEMBERS, changed).version());
        assertEquals(List.of(MEMBERS.get(0).id(), MEMBERS.get(1).id()), one.memberModelIds());
        assertTrue(one.toString().length() < 200, "no values in toString: " + one);
        assertThrows(IllegalArgumentException.class, () -> Cohort.of(MEMBERS, List.of(new Embedding(new float[128]))));
    }

    @Test
    void aSealedCohortReadsBackUnderItsKeyOnly() throws IOException {
        TemplateKeyRing keys = TemplateKeyRing.of(TemplateKey.generate());
        Cohort cohort = Cohort.of(MEMBERS, CohortFixtures.randomFaces(new Random(2), 12));
        Path file = dir.resolve("cohort.bin");
        CohortFile.write(file, new CohortFile.Contents(cohort, CREATED, "12 faces of 12 photos"), keys);

        byte[] stored = Files.readAllBytes(file);
        assertEquals(keys.currentKeyId(), TemplateKeyRing.keyId(stored), "sealed under the current key");
        CohortFile.Contents read = CohortFile.read(file, keys, MEMBERS);
        assertEquals(cohort.version(), read.cohort().version(), "the same faces, bit for bit");
        assertEquals(12, read.cohort().size());
        assertEquals(CREATED, read.createdAt());
        assertEquals("12 faces of 12 photos", read.provenance());

        assertThrows(IllegalArgumentException.class, () -> CohortFile.read(file,
                TemplateKeyRing.of(TemplateKey.generate()), MEMBERS), "another key");
        assertThrows(IllegalArgumentException.class, () -> CohortFile.read(file, TemplateKeyRing.plaintext(), MEMBERS),
                "a plaintext ring cannot open it");
        stored[stored.length - 1] ^= 1;
        Files.write(file, stored);
        assertThrows(IllegalArgumentException.class, () -> CohortFile.read(file, keys, MEMBERS), "tampered");
    }

    @Test
    void aCohortOfOtherModelsIsRefused() throws IOException {
        TemplateKeyRing keys = TemplateKeyRing.of(TemplateKey.generate());
        Path file = dir.resolve("cohort.bin");
        CohortFile.write(file, new CohortFile.Contents(Cohort.of(MEMBERS, CohortFixtures.randomFaces(new Random(4), 3)),
                CREATED, "3 faces"), keys);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CohortFile.read(file, keys, List.of(MEMBERS.get(1), MEMBERS.get(0))));
        assertTrue(e.getMessage().contains("cannot normalise"), e.getMessage());
    }
}
