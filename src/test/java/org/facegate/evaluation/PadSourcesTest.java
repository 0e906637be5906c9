package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Naming sources, their attack kinds and thinning, on folders of empty photo files (nothing is decoded). */
class PadSourcesTest {

    @TempDir
    Path dir;

    @Test
    void aSourceIsNamedByItsFolderOrByNameEquals() {
        assertEquals(new PadSources.Source("nuaa-pad", Path.of("../shared/datasets/nuaa-pad"), false),
                PadSources.parse("../shared/datasets/nuaa-pad", false));
        assertEquals(new PadSources.Source("webcam", Path.of("/data/a=b"), true), PadSources.parse("webcam=/data/a=b", true));
        assertEquals("a=b", PadSources.parse("/data/a=b", true).name(), "an = after a / is part of the folder");
        assertThrows(IllegalArgumentException.class, () -> PadSources.parse("=/data", false));
        assertThrows(IllegalArgumentException.class, () -> PadSources.parse("name=", false));
    }

    @Test
    void theAttackKindIsTheFolderTwoLevelsAboveAPhotoElseTheSourcesOwn() throws IOException {
        Path set = dir.resolve("set");
        touch(set.resolve("live/s1/s1_1.jpg"));
        touch(set.resolve("attack/print/s1/s1_2.jpg"));
        touch(set.resolve("attack/screen/s1/s1_3.png"));
        touch(set.resolve("attack/s1/s1_4.jpg"));
        List<PadSources.Labelled> plain = PadSources.list(List.of(PadSources.parse(set.toString(), false)), Map.of(), 1);
        // path order: live/ first, then attack/print/, attack/s1/, attack/screen/
        assertEquals(List.of("s1_1.jpg", "s1_2.jpg", "s1_4.jpg", "s1_3.png"), plain.stream()
                .map(l -> l.photo().path().getFileName().toString()).toList());
        assertNull(plain.get(0).kind(), "bona fide has no kind");
        assertEquals("print", plain.get(1).kind());
        assertNull(plain.get(2).kind(), "attack/SUBJECT/ names no kind");
        assertEquals("screen", plain.get(3).kind());
        assertEquals("s1", plain.get(2).photo().subject());
        assertTrue(plain.stream().allMatch(l -> l.source().equals("set")));
        List<PadSources.Labelled> named = PadSources.list(List.of(PadSources.parse("x=" + set, false)),
                Map.of("x", "mask"), 1);
        assertEquals(List.of("print", "mask", "screen"), named.subList(1, 4).stream().map(PadSources.Labelled::kind)
                .toList(), "--attack-kind fills in only where the folder names none");
    }

    @Test
    void everyNthPhotoOfEachSourceInPathOrder() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (int i = 1; i <= 5; i++) {
            touch(a.resolve("p" + i + ".jpg"));
            touch(b.resolve("q" + i + ".jpg"));
        }
        List<PadSources.Labelled> photos = PadSources.list(List.of(PadSources.parse(a.toString(), true),
                PadSources.parse(b.toString(), true)), Map.of(), 2);
        assertEquals(List.of("p2", "p4", "q2", "q4"), photos.stream().map(l -> l.photo().subject()).toList());
    }

    @Test
    void twoSourcesOfOneNameOrAKindForNoSourceAreRefused() throws IOException {
        Path a = Files.createDirectories(dir.resolve("one/same"));
        Path b = Files.createDirectories(dir.resolve("two/same"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> PadSources.list(
                List.of(PadSources.parse(a.toString(), true), PadSources.parse(b.toString(), true)), Map.of(), 1));
        assertTrue(twice.getMessage().contains("two sources are named 'same'"), twice.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> PadSources.list(
                List.of(PadSources.parse(a.toString(), true)), Map.of("other", "print"), 1));
        assertTrue(kind.getMessage().contains("'other', which is no source"), kind.getMessage());
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]);
    }
}
