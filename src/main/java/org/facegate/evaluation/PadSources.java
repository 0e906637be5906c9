package org.facegate.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facegate.padtraining.PadPhotos;

/**
 * The photo sources of one {@code eval pad} run, each measured apart and pooled ({@link PadReport}).
 *
 * <p>A source is a folder named on the command line as {@code DIR} or {@code NAME=DIR} (the text before the first
 * {@code =} is the name when it holds no {@code /}); its name is {@code NAME}, or else the folder's own name. A
 * source is either a presentation-attack set laid out as {@code nuaa-pad} ({@code live/} and {@code attack/}, photos
 * at any depth, the subject the first {@code _}-field of the file name) or a folder of bona fide photos only (every
 * photo at any depth, e.g. LFW's).
 *
 * <p>Attack kind (the ISO/IEC 30107-3 "presentation attack instrument species"): an attack photo two or more levels
 * below {@code attack/} ({@code attack/KIND/SUBJECT/photo}) is of kind {@code KIND}; one directly in
 * {@code attack/SUBJECT/} (or in {@code attack/}) is of the kind given for its whole source
 * ({@code --attack-kind NAME=KIND}), or of no named kind. Bona fide photos have no kind.
 *
 * <p>What can go wrong: a malformed or repeated name, or an attack kind for no source, is an
 * {@link IllegalArgumentException}; a folder without {@code live/} and {@code attack/} (for a PAD set) or without
 * any folder at all is an {@link IOException} from {@link PadPhotos}.
 */
public final class PadSources {

    /** One source: its name, its folder, and whether every photo in it is bona fide. */
    public record Source(String name, Path dir, boolean bonaFideOnly) {
    }

    /** A photo with the source it came from and its attack kind ({@code null}: bona fide or no named kind). */
    public record Labelled(PadPhotos.Photo photo, String source, String kind) {
    }

    private PadSources() {
    }

    /**
     * Parses {@code DIR} or {@code NAME=DIR}.
     *
     * @throws IllegalArgumentException on an empty name or folder
     */
    public static Source parse(String spec, boolean bonaFideOnly) {
        int eq = spec.indexOf('=');
        String name;
        Path dir;
        if (eq >= 0 && !spec.substring(0, eq).contains("/")) {
            name = spec.substring(0, eq);
            dir = Path.of(spec.substring(eq + 1));
            if (name.isBlank() || dir.toString().isEmpty()) {
                throw new IllegalArgumentException("a source is DIR or NAME=DIR, not '" + spec + "'");
            }
        } else {
            dir = Path.of(spec);
            Path own = dir.toAbsolutePath().normalize().getFileName();
            name = own == null ? dir.toString() : own.toString();
        }
        return new Source(name, dir, bonaFideOnly);
    }

    /**
     * Every photo of every source, source by source in the order given, each source's photos in path order and
     * thinned to every {@code every}-th ({@code every - 1}, {@code 2 * every - 1}, ... of that source's list).
     *
     * @param kindBySource the attack kind of a source's attack photos whose folder names none
     * @throws IllegalArgumentException when two sources share a name or a kind names no source
     */
    public static List<Labelled> list(List<Source> sources, Map<String, String> kindBySource, int every)
            throws IOException {
        Set<String> names = new HashSet<>();
        for (Source s : sources) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two sources are named '" + s.name()
                        + "': name one of them with NAME=DIR");
            }
        }
        for (String named : kindBySource.keySet()) {
            if (!names.contains(named)) {
                throw new IllegalArgumentException("--attack-kind names '" + named + "', which is no source (sources: "
                        + String.join(", ", names) + ")");
            }
        }
        List<Labelled> out = new ArrayList<>();
        for (Source s : sources) {
            List<PadPhotos.Photo> all = s.bonaFideOnly() ? PadPhotos.listAll(s.dir(), false) : PadPhotos.list(s.dir());
            for (int i = every - 1; i < all.size(); i += every) {
                PadPhotos.Photo p = all.get(i);
                out.add(new Labelled(p, s.name(), p.attack() ? kind(s.dir(), p.path(), kindBySource.get(s.name())) : null));
            }
        }
        return out;
    }

    /** The attack kind of {@code photo} under {@code dataset/attack/}: the folder two or more levels up, else {@code fallback}. */
    static String kind(Path dataset, Path photo, String fallback) {
        Path rel = dataset.resolve("attack").relativize(photo);
        return rel.getNameCount() >= 3 ? rel.getName(0).toString() : fallback;
    }
}
