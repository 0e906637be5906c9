package org.facegate.padtraining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The photos of a presentation-attack data set laid out as {@code nuaa-pad} is: {@code live/} and {@code attack/} at
 * the top, photos at any depth below them; a photo's subject is the first {@code _}-separated field of its file name.
 * Listed in path order, so every run sees the same sequence.
 */
public final class PadPhotos {

    /** One photo: where it is, whose it is, and whether it shows an attack. */
    public record Photo(Path path, String subject, boolean attack) {
    }

    private PadPhotos() {
    }

    /**
     * @throws IOException when {@code dataset} lacks {@code live/} or {@code attack/}
     */
    public static List<Photo> list(Path dataset) throws IOException {
        List<Photo> out = new ArrayList<>();
        for (String cls : List.of("live", "attack")) {
            Path dir = dataset.resolve(cls);
            if (!Files.isDirectory(dir)) {
                throw new IOException("no " + cls + "/ folder in " + dataset + " (expected live/ and attack/, photos"
                        + " at any depth, the layout of nuaa-pad)");
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).filter(PadPhotos::isPhoto).sorted()
                        .forEach(p -> out.add(new Photo(p, subject(p), cls.equals("attack"))));
            }
        }
        return out;
    }

    /** Every photo under {@code dir} at any depth, all of one class. */
    public static List<Photo> listAll(Path dir, boolean attack) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(PadPhotos::isPhoto).sorted()
                    .map(p -> new Photo(p, subject(p), attack)).toList();
        }
    }

    static String subject(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        int sep = stem.indexOf('_');
        return sep > 0 ? stem.substring(0, sep) : stem;
    }

    private static boolean isPhoto(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".jp2");
    }
}
