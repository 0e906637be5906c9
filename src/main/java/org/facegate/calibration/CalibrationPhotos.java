package org.facegate.calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The photos int8 calibration measures activations on: from LFW, the first photo of each person who appears in no
 * pair of {@code pairs.txt} (so that no photo or person the accuracy is measured on shapes the int8 graphs), people
 * in name order, the first {@code count} of them. The same folder always gives the same photos.
 */
public final class CalibrationPhotos {

    private CalibrationPhotos() {
    }

    /**
     * @param lfw the LFW folder ({@code images/} with one folder a person, and {@code pairs.txt})
     * @throws IOException when the folder is not LFW's layout
     */
    public static List<Path> fromLfw(Path lfw, int count) throws IOException {
        Path pairs = lfw.resolve("pairs.txt");
        Path images = lfw.resolve("images");
        if (!Files.isRegularFile(pairs) || !Files.isDirectory(images)) {
            throw new IOException(lfw + " is not LFW's layout (needs pairs.txt and images/)");
        }
        Set<String> inPairs = peopleInPairs(Files.readAllLines(pairs));
        List<Path> chosen = new ArrayList<>();
        List<Path> people;
        try (Stream<Path> s = Files.list(images)) {
            people = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path person : people) {
            if (chosen.size() >= count) {
                break;
            }
            if (inPairs.contains(person.getFileName().toString())) {
                continue;
            }
            firstPhoto(person).ifPresent(chosen::add);
        }
        return chosen;
    }

    /** Everyone named in a pairs.txt line (3 fields: one person; 4 fields: two people). */
    static Set<String> peopleInPairs(List<String> lines) {
        Set<String> names = new HashSet<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                names.add(f[0]);
            } else if (f.length == 4) {
                names.add(f[0]);
                names.add(f[2]);
            }
        }
        return names;
    }

    private static Optional<Path> firstPhoto(Path person) throws IOException {
        try (Stream<Path> s = Files.list(person)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().findFirst();
        }
    }
}
