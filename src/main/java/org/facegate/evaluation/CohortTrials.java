package org.facegate.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.facegate.cohort.Cohort;
import org.facegate.cohort.CohortNormaliser;
import org.facegate.inference.Embedding;
import org.facegate.inference.ModelDescriptor;

/**
 * The LFW pairs with their members' distances normalised against a cohort (AS-norm, {@link CohortNormaliser}), ready
 * for {@link FusionEvaluation}. Two ways to get a cohort:
 * <ul>
 * <li>{@link Source#FOLDS}: per fold, the embedded photos of the other folds' pairs (LFW's folds share no person,
 * so no tested identity is ever in its own cohort), optionally a deterministic sample of them;</li>
 * <li>{@link Source#POPULATION}: what a deployment's enrolled population would give, a deterministic sample of the
 * photos of all folds, the tested ones included, minus the photos of the identity a pair claims (as a service would
 * leave out the claimed identity's own templates) and minus the pair's first photo itself (the live capture, which is
 * never enrolled; the live person's other photos stay, as an enrolled impostor's templates would).</li>
 * </ul>
 * Deterministic samples: photos ordered by the SHA-256 of their path, the first {@code size} taken.
 */
public final class CohortTrials {

    /** Where the cohort comes from. */
    enum Source {
        FOLDS, POPULATION;

        static Source parse(String s) {
            return switch (s) {
                case "folds" -> FOLDS;
                case "population" -> POPULATION;
                default -> throw new IllegalArgumentException("the cohort sources are folds and population, not '" + s + "'");
            };
        }
    }

    /**
     * @param trials          in pair order, failed pairs as the policy says (left out for EXCLUDE); see {@link #withPolicy}
     * @param normalisedByPair per pair (in {@code pairs} order) its normalised member distances; null for a failed pair
     * @param cohorts         per fold (0 for the one population cohort): version and size
     */
    public record Normalised(List<FusionEvaluation.Trial> trials, List<double[]> normalisedByPair,
            Map<Integer, Map<String, Object>> cohorts) {

        /** The same normalised pairs with the trials a failure policy makes of them. */
        public Normalised withPolicy(List<LfwPairs.Pair> pairs, FailurePolicy policy) {
            List<FusionEvaluation.Trial> out = new ArrayList<>(pairs.size());
            for (int i = 0; i < pairs.size(); i++) {
                LfwPairs.Pair p = pairs.get(i);
                if (normalisedByPair.get(i) != null) {
                    out.add(new FusionEvaluation.Trial(p.fold(), p.same(), normalisedByPair.get(i), Double.NaN));
                } else if (policy != FailurePolicy.EXCLUDE) {
                    out.add(new FusionEvaluation.Trial(p.fold(), p.same(), null, policy.failedDistance(p.same())));
                }
            }
            return new Normalised(out, normalisedByPair, cohorts);
        }
    }

    private CohortTrials() {
    }

    static Normalised build(List<LfwPairs.Pair> pairs, Map<String, ImageResult> images, List<ModelDescriptor> members,
            Source source, int k, boolean[] normalisedMembers, int maxSize) {
        double[][] byPair = new double[pairs.size()][];
        Map<Integer, Map<String, Object>> cohorts = new LinkedHashMap<>();
        if (source == Source.FOLDS) {
            int[] folds = pairs.stream().mapToInt(LfwPairs.Pair::fold).distinct().sorted().toArray();
            if (folds.length < 2) {
                throw new IllegalArgumentException("a cohort from the other folds needs at least two folds");
            }
            for (int fold : folds) {
                List<String> photos = sample(embedded(pairs.stream().filter(p -> p.fold() != fold).toList(), images),
                        maxSize);
                Cohort cohort = Cohort.of(members, photos.stream().map(p -> images.get(p).embedding()).toList());
                cohorts.put(fold, Map.of("version", cohort.version(), "faces", cohort.size()));
                CohortNormaliser norm = new CohortNormaliser(cohort, k, normalisedMembers);
                Map<String, CohortNormaliser.FaceScale> scales = new HashMap<>();
                for (int i = 0; i < pairs.size(); i++) {
                    LfwPairs.Pair p = pairs.get(i);
                    if (p.fold() != fold || !both(p, images)) {
                        continue;
                    }
                    Embedding a = images.get(p.first()).embedding();
                    Embedding b = images.get(p.second()).embedding();
                    byPair[i] = norm.normalise(distances(members, a, b),
                            scales.computeIfAbsent(p.first(), x -> norm.scale(a)),
                            scales.computeIfAbsent(p.second(), x -> norm.scale(b)));
                }
            }
        } else {
            List<String> photos = sample(embedded(pairs, images), maxSize);
            Cohort cohort = Cohort.of(members, photos.stream().map(p -> images.get(p).embedding()).toList());
            cohorts.put(0, Map.of("version", cohort.version(), "faces", cohort.size()));
            CohortNormaliser norm = new CohortNormaliser(cohort, k, normalisedMembers);
            String[] person = photos.stream().map(CohortTrials::person).toArray(String[]::new);
            for (int i = 0; i < pairs.size(); i++) {
                LfwPairs.Pair p = pairs.get(i);
                if (!both(p, images)) {
                    continue;
                }
                String claimed = person(p.second());
                boolean[] left = new boolean[person.length];
                for (int c = 0; c < person.length; c++) {
                    // A live capture is never itself enrolled: its own photo is not in the population either.
                    left[c] = person[c].equals(claimed) || photos.get(c).equals(p.first());
                }
                Embedding a = images.get(p.first()).embedding();
                Embedding b = images.get(p.second()).embedding();
                byPair[i] = norm.normalise(distances(members, a, b), norm.scale(a, left), norm.scale(b, left));
            }
        }
        return new Normalised(List.of(), java.util.Arrays.asList(byPair), cohorts); // trials: withPolicy
    }

    /** Each member's own distance between two concatenated embeddings. */
    static double[] distances(List<ModelDescriptor> members, Embedding a, Embedding b) {
        double[] out = new double[members.size()];
        int offset = 0;
        for (int m = 0; m < out.length; m++) {
            int dim = members.get(m).output().dimension();
            out[m] = members.get(m).metric().distance(a.slice(offset, dim), b.slice(offset, dim));
            offset += dim;
        }
        return out;
    }

    private static boolean both(LfwPairs.Pair p, Map<String, ImageResult> images) {
        return images.get(p.first()).embedded() && images.get(p.second()).embedded();
    }

    /** The distinct embedded photos of {@code pairs}, sorted by path. */
    private static List<String> embedded(List<LfwPairs.Pair> pairs, Map<String, ImageResult> images) {
        Set<String> out = new TreeSet<>();
        for (LfwPairs.Pair p : pairs) {
            for (String s : List.of(p.first(), p.second())) {
                if (images.get(s).embedded()) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out);
    }

    /** All of {@code photos} ({@code size <= 0}) or the first {@code size} by the SHA-256 of their path. */
    static List<String> sample(List<String> photos, int size) {
        if (size <= 0 || size >= photos.size()) {
            return photos;
        }
        return photos.stream().sorted(Comparator.comparing(CohortTrials::hash)).limit(size).sorted().toList();
    }

    /** LFW's person of a photo path {@code NAME/NAME_000N.jpg}. */
    static String person(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
