package org.facegate.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration photos never come from a person the LFW pairs use, and the same folder gives the same photos. */
class CalibrationPhotosTest {

    @Test
    void firstPhotoOfPeopleInNoPairInNameOrder(@TempDir Path lfw) throws IOException {
        Files.writeString(lfw.resolve("pairs.txt"), String.join("\n", "10\t300",
                "Alice\t1\t2", "Bob\t1\tCarol\t1", ""));
        for (String person : List.of("Alice", "Bob", "Carol", "Dave", "Erin", "Frank")) {
            Path dir = Files.createDirectories(lfw.resolve("images").resolve(person));
            Files.write(dir.resolve(person + "_0002.jpg"), new byte[] {1});
            Files.write(dir.resolve(person + "_0001.jpg"), new byte[] {1});
        }
        List<Path> chosen = CalibrationPhotos.fromLfw(lfw, 2);
        assertEquals(List.of("Dave_0001.jpg", "Erin_0001.jpg"), chosen.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(3, CalibrationPhotos.fromLfw(lfw, 10).size(), "Alice, Bob and Carol are in pairs");
    }

    @Test
    void aFolderThatIsNotLfwIsRefused(@TempDir Path dir) {
        assertThrows(IOException.class, () -> CalibrationPhotos.fromLfw(dir, 5));
    }
}
