package org.facegate.padtraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PAD data set laid out as {@code nuaa-pad}: live/ then attack/, photos at any depth, subject from the file name. */
class PadPhotosTest {

    private static Path touch(Path dir, String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "x");
    }

    @Test
    void livePhotosComeFirstThenAttacksEachInPathOrderWithTheSubjectFromTheFileName(@TempDir Path dir) throws IOException {
        touch(dir, "attack/0002/0002_00_00_01_5.jpg");
        touch(dir, "live/0001/0001_00_00_01_9.JPG");
        touch(dir, "live/0001/0001_00_00_01_10.png");
        touch(dir, "live/0003.jpg");
        touch(dir, "live/0001/notes.txt");
        List<PadPhotos.Photo> photos = PadPhotos.list(dir);
        assertEquals(List.of(dir.resolve("live/0001/0001_00_00_01_10.png"), dir.resolve("live/0001/0001_00_00_01_9.JPG"),
                dir.resolve("live/0003.jpg"), dir.resolve("attack/0002/0002_00_00_01_5.jpg")),
                photos.stream().map(PadPhotos.Photo::path).toList(), "photos only, live first, sorted");
        assertEquals(List.of("0001", "0001", "0003", "0002"), photos.stream().map(PadPhotos.Photo::subject).toList());
        assertEquals(List.of(false, false, false, true), photos.stream().map(PadPhotos.Photo::attack).toList());
    }

    @Test
    void aDataSetWithoutAnAttackFolderIsRefusedWithTheExpectedLayout(@TempDir Path dir) throws IOException {
        touch(dir, "live/0001_a.jpg");
        IOException e = assertThrows(IOException.class, () -> PadPhotos.list(dir));
        assertTrue(e.getMessage().contains("no attack/ folder"), e.getMessage());
    }
}
