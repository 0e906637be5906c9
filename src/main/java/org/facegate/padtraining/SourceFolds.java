package org.facegate.padtraining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The photos of several presentation-attack sources for training across cameras, each with its source, class and
 * grouped cross-validation fold: a data set laid out as {@code nuaa-pad} ({@link PadPhotos}) gets one fold per
 * subject, or, when it has one subject only (neighbouring video frames are near-duplicates), two folds: the first
 * and the second half of each class's photos in path order; LFW gives bona fide photos of people named in no pair of
 * {@code pairs.txt} (the first photo of each, {@value #LFW_FOLDS} folds by person) to fit, and the photos the pairs
 * name, never fitted, as a held-out bona fide source. Everything is listed in path order: the same folders give the
 * same list.
 */
public final class SourceFolds {

    public static final String LFW_UNPAIRED = "lfw-unpaired";
    public static final String LFW_PAIRS = "lfw-pairs";
    public static final int LFW_FOLDS = 5;

    /** One photo: its source, fold ({@code source:key}), and whether it may be fitted (false: held out). */
    public record SourcePhoto(PadPhotos.Photo photo, String source, String fold, boolean fit) {
    }

    private SourceFolds() {
    }

    /**
     * Every {@code every}-th photo of each class of a data set (source name: its folder name), with its fold.
     * @throws IOException when the folder lacks {@code live/} or {@code attack/}
     */
    public static List<SourcePhoto> dataset(Path dir, int every) throws IOException {
        String source = dir.toAbsolutePath().normalize().getFileName().toString();
        List<PadPhotos.Photo> all = PadPhotos.list(dir);
        Set<String> subjects = new TreeSet<>();
        all.forEach(p -> subjects.add(p.subject()));
        List<SourcePhoto> out = new ArrayList<>();
        for (boolean attack : new boolean[] {false, true}) {
            List<PadPhotos.Photo> cls = all.stream().filter(p -> p.attack() == attack).toList();
            for (int i = 0; i < cls.size(); i += every) {
                PadPhotos.Photo p = cls.get(i);
                String key = subjects.size() > 1 ? p.subject() : (2 * i < cls.size() ? "first-half" : "second-half");
                out.add(new SourcePhoto(p, source, source + ":" + key, true));
            }
        }
        return out;
    }

    /**
     * The first photo of every LFW person named in no pair of {@code pairs.txt} (every {@code every}-th of them), in
     * {@value #LFW_FOLDS} folds by person (the person's rank in name order, modulo the fold count).
     * @throws IOException when {@code lfw} lacks {@code pairs.txt} or {@code images/}
     */
    public static List<SourcePhoto> lfwUnpaired(Path lfw, int every) throws IOException {
        Set<String> inPairs = new TreeSet<>();
        for (String[] f : pairLines(lfw)) {
            inPairs.add(f[0]);
            if (f.length == 4) {
                inPairs.add(f[2]);
            }
        }
        List<Path> people;
        try (Stream<Path> s = Files.list(lfw.resolve("images"))) {
            people = s.filter(Files::isDirectory).sorted().toList();
        }
        List<SourcePhoto> out = new ArrayList<>();
        int rank = 0;
        for (Path person : people) {
            String name = person.getFileName().toString();
            if (inPairs.contains(name)) {
                continue;
            }
            Path first;
            try (Stream<Path> s = Files.list(person)) {
                first = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted()
                        .findFirst().orElse(null);
            }
            if (first == null) {
                continue;
            }
            if (rank % every == 0) {
                out.add(new SourcePhoto(new PadPhotos.Photo(first, name, false), LFW_UNPAIRED,
                        LFW_UNPAIRED + ":" + (rank % LFW_FOLDS), true));
            }
            rank++;
        }
        return out;
    }

    /**
     * Every {@code every}-th photo (in path order) that a pair of {@code pairs.txt} names: bona fide, never fitted.
     * @throws IOException when {@code lfw} lacks {@code pairs.txt} or {@code images/}
     */
    public static List<SourcePhoto> lfwPairs(Path lfw, int every) throws IOException {
        Set<Path> photos = new TreeSet<>();
        Path images = lfw.resolve("images");
        for (String[] f : pairLines(lfw)) {
            String second = f.length == 3 ? f[0] : f[2];
            photos.add(photo(images, f[0], f[1]));
            photos.add(photo(images, second, f[f.length - 1]));
        }
        List<SourcePhoto> out = new ArrayList<>();
        int i = 0;
        for (Path p : photos) {
            if (i++ % every == 0 && Files.isRegularFile(p)) {
                String person = p.getParent().getFileName().toString();
                out.add(new SourcePhoto(new PadPhotos.Photo(p, person, false), LFW_PAIRS, LFW_PAIRS, false));
            }
        }
        return out;
    }

    private static Path photo(Path images, String person, String number) {
        return images.resolve(person).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", person,
                Integer.parseInt(number)));
    }

    /** The pair lines of {@code pairs.txt} (3 fields: one person, 4: two); the header and blank lines skipped. */
    private static List<String[]> pairLines(Path lfw) throws IOException {
        Path pairs = lfw.resolve("pairs.txt");
        if (!Files.isRegularFile(pairs) || !Files.isDirectory(lfw.resolve("images"))) {
            throw new IOException(lfw + " is not LFW's layout (needs pairs.txt and images/)");
        }
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(pairs)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 || f.length == 4) {
                out.add(f);
            }
        }
        return out;
    }
}
