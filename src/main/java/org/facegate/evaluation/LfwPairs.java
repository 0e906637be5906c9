package org.facegate.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The standard LFW verification protocol file {@code pairs.txt}: a header {@code SETS PAIRS_PER_SET}, then per
 * set (fold) {@code PAIRS_PER_SET} same-person lines {@code NAME N1 N2} followed by {@code PAIRS_PER_SET}
 * different-person lines {@code NAME1 N1 NAME2 N2} (tab- or space-separated). Image {@code NAME N} lives at
 * {@code images/NAME/NAME_000N.jpg}.
 *
 * @param folds         number of sets in the file (10 for LFW View 2)
 * @param pairsPerHalf  same-person (and different-person) pairs per set (300)
 * @param pairs         every pair in file order, with its 1-based fold
 */
public record LfwPairs(int folds, int pairsPerHalf, List<Pair> pairs) {

    /** One line of the file. {@code fold} is 1-based; {@code same} is true for a same-person line. */
    public record Pair(int fold, boolean same, String first, String second) {
    }

    public LfwPairs {
        pairs = List.copyOf(pairs);
    }

    /** The relative image path {@code NAME/NAME_000N.jpg} for a name and 1-based number. */
    public static String imagePath(String name, int number) {
        return String.format("%s/%s_%04d.jpg", name, name, number);
    }

    public static LfwPairs read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    /**
     * Parses the lines of a pairs file.
     * @throws IllegalArgumentException naming the line when the header, a line's shape or the counts are wrong
     */
    public static LfwPairs parse(List<String> lines) {
        List<String> content = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (content.isEmpty()) {
            throw new IllegalArgumentException("pairs file is empty");
        }
        String[] header = content.get(0).split("\\s+");
        if (header.length != 2) {
            throw new IllegalArgumentException("line 1: expected 'SETS PAIRS_PER_SET', got '" + content.get(0) + "'");
        }
        int sets = positive(header[0], 1);
        int perHalf = positive(header[1], 1);
        int expected = 1 + sets * 2 * perHalf;
        if (content.size() != expected) {
            throw new IllegalArgumentException("expected " + (expected - 1) + " pair lines for " + sets + " sets of "
                    + perHalf + " + " + perHalf + ", found " + (content.size() - 1));
        }
        List<Pair> pairs = new ArrayList<>(sets * 2 * perHalf);
        for (int i = 1; i < content.size(); i++) {
            int fold = (i - 1) / (2 * perHalf) + 1;
            boolean same = (i - 1) % (2 * perHalf) < perHalf;
            String[] f = content.get(i).split("\\s+");
            int lineNo = i + 1;
            if (same) {
                if (f.length != 3) {
                    throw new IllegalArgumentException("line " + lineNo + ": a same-person line is 'NAME N1 N2', got '"
                            + content.get(i) + "'");
                }
                pairs.add(new Pair(fold, true, imagePath(f[0], positive(f[1], lineNo)),
                        imagePath(f[0], positive(f[2], lineNo))));
            } else {
                if (f.length != 4) {
                    throw new IllegalArgumentException("line " + lineNo
                            + ": a different-person line is 'NAME1 N1 NAME2 N2', got '" + content.get(i) + "'");
                }
                pairs.add(new Pair(fold, false, imagePath(f[0], positive(f[1], lineNo)),
                        imagePath(f[2], positive(f[3], lineNo))));
            }
        }
        return new LfwPairs(sets, perHalf, pairs);
    }

    /** The pairs of the given 1-based folds, in file order. */
    public List<Pair> pairsOfFolds(Set<Integer> chosen) {
        return pairs.stream().filter(p -> chosen.contains(p.fold())).toList();
    }

    /** Every distinct image path of {@code of}, in first-seen order. */
    public static List<String> images(List<Pair> of) {
        Set<String> out = new LinkedHashSet<>();
        for (Pair p : of) {
            out.add(p.first());
            out.add(p.second());
        }
        return List.copyOf(out);
    }

    private static int positive(String s, int lineNo) {
        try {
            int v = Integer.parseInt(s);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("line " + lineNo + ": expected a positive whole number, got '" + s + "'");
    }
}
