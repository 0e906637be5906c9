package org.facegate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.facegate.config.UsageException;
import org.facegate.evaluation.CohortPlan;
import org.facegate.inference.CohortNormalisation;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.vision.DetectionRetry;

/**
 * The options of {@code eval lfw} that need more than a lookup ({@link EvalLfwProtocol}): the folds, the detection
 * retry, {@code --alignment}/{@code --flip} on one model and the cohort rule. Each bad value is a
 * {@link UsageException} whose message says what the option takes.
 */
final class EvalLfwOptions {

    private EvalLfwOptions() {
    }

    /**
     * The cohort rule to evaluate: the descriptor's own unless {@code --cohort none}; {@code --cohort folds|population}
     * adds one to a fusion without (model id: the fusion's with {@code -asnorm}); {@code --cohort-k},
     * {@code --cohort-members} and {@code --cohort-size} override its parts. Null: the plain rule only, also for the
     * descriptor's own rule when only one fold is evaluated (a cohort of other folds' photos needs other folds).
     */
    static CohortPlan cohortPlan(Arguments args, RecognitionDescriptor descriptor, int folds) {
        CohortNormalisation own = descriptor instanceof FusionDescriptor f ? f.cohortNormalisation() : null;
        if (own != null && args.option("cohort").isEmpty() && folds < 2) {
            System.err.println("eval lfw: the cohort rule " + own.id() + " is not evaluated on one fold (its cohort is"
                    + " the other folds' photos); the plain fusion is");
            return null;
        }
        String source = args.option("cohort").orElse(own == null ? "none" : "folds");
        if (source.equals("folds") && folds < 2) {
            throw new UsageException("--cohort folds needs two folds or more (each fold's cohort is the others' photos)");
        }
        if (source.equals("none")) {
            if (args.option("cohort-k").isPresent() || args.option("cohort-members").isPresent()
                    || args.option("cohort-size").isPresent()) {
                throw new UsageException("--cohort-k, --cohort-members and --cohort-size need a cohort rule (--cohort"
                        + " folds|population, or a descriptor with one)");
            }
            return null;
        }
        if (!(descriptor instanceof FusionDescriptor fusion)) {
            throw new UsageException("--cohort applies to a fusion; " + descriptor.id() + " is one model");
        }
        List<String> ids = fusion.members().stream().map(ModelDescriptor::id).toList();
        int k = args.intOption("cohort-k", own == null ? 200 : own.k());
        List<String> members = own == null ? ids : own.normalisedMembers();
        if (args.option("cohort-members").isPresent()) {
            String spec = args.option("cohort-members").get();
            members = new ArrayList<>();
            for (String part : spec.equals("all") ? ids : List.of(spec.split(","))) {
                String m = part.trim();
                if (m.matches("\\d+") && Integer.parseInt(m) >= 1 && Integer.parseInt(m) <= ids.size()) {
                    m = ids.get(Integer.parseInt(m) - 1);
                }
                if (!ids.contains(m)) {
                    throw new UsageException("--cohort-members takes all, member positions (1.." + ids.size()
                            + ") or ids of " + ids + ", not '" + part + "'");
                }
                members.add(m);
            }
        }
        String id = own != null ? own.id() : fusion.id().contains("@") ? fusion.id().replaceFirst("@", "-asnorm@")
                : fusion.id() + "-asnorm";
        try {
            return new CohortPlan(source, k, members, args.intOption("cohort-size", 0), id);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--cohort: " + e.getMessage());
        }
    }

    /** Applies {@code --alignment} and {@code --flip} to the descriptor. */
    static ModelDescriptor override(ModelDescriptor d, Arguments args) {
        ModelDescriptor out = d;
        if (args.option("alignment").isPresent()) {
            String a = args.option("alignment").get();
            if (a.equals("face-api-square")) {
                out = out.withAlignment(ModelDescriptor.Alignment.FACE_API_SQUARE);
            } else if (a.equals("similarity") || a.equals("similarity-5")) {
                ModelDescriptor.Alignment derived = org.facegate.modelimport.ModelImporter.similarityAlignment(d.id(),
                        a.equals("similarity-5"));
                ModelDescriptor.Alignment sim = derived != null ? derived
                        : d.alignment().method() == ModelDescriptor.AlignmentMethod.SIMILARITY ? d.alignment() : null;
                if (sim == null) {
                    throw new UsageException("the descriptor of " + d.id() + " has no similarity template");
                }
                out = out.withAlignment(sim);
            } else {
                throw new UsageException("--alignment must be face-api-square, similarity or similarity-5");
            }
        }
        if (args.option("flip").isPresent()) {
            String f = args.option("flip").get();
            if (!f.equals("on") && !f.equals("off")) {
                throw new UsageException("--flip must be on or off");
            }
            out = out.withFlipAverage(f.equals("on"));
        }
        return out;
    }

    /** {@code 1-10}, {@code 1}, {@code 1,3,5-7}. */
    static Set<Integer> parseFolds(String spec) {
        Set<Integer> out = new TreeSet<>();
        try {
            for (String part : spec.split(",")) {
                String[] r = part.trim().split("-");
                int lo = Integer.parseInt(r[0].trim());
                int hi = r.length > 1 ? Integer.parseInt(r[1].trim()) : lo;
                if (lo < 1 || hi < lo || r.length > 2) {
                    throw new NumberFormatException();
                }
                for (int i = lo; i <= hi; i++) {
                    out.add(i);
                }
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--folds takes folds like 1-10, 1 or 1,3,5-7, not '" + spec + "'");
        }
        return out;
    }

    /**
     * {@code none}, {@code default}, {@code original}, or steps {@code KIND:PAD[@SIZE]} such as
     * {@code zero:0.25,edge:0.5,zero:0@320} (KIND zero or edge, PAD a fraction of the larger side, SIZE the
     * detector input for that step).
     */
    static DetectionRetry parseRetry(String spec) {
        switch (spec) {
            case "none":
                return DetectionRetry.NONE;
            case "default":
                return DetectionRetry.DEFAULT;
            case "original":
                return DetectionRetry.ORIGINAL;
            default:
                break;
        }
        List<DetectionRetry.Step> steps = new ArrayList<>();
        try {
            for (String part : spec.split(",")) {
                String[] kv = part.trim().split(":");
                if (kv.length != 2 || !(kv[0].equals("zero") || kv[0].equals("edge"))) {
                    throw new IllegalArgumentException();
                }
                String[] padSize = kv[1].split("@");
                int size = padSize.length > 1 ? Integer.parseInt(padSize[1]) : 0;
                steps.add(new DetectionRetry.Step(Double.parseDouble(padSize[0]), kv[0].equals("edge"), size));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--retry takes none, default, original or steps like zero:0.25,edge:0.5,zero:0@320,"
                    + " not '" + spec + "'");
        }
        return new DetectionRetry(steps);
    }

    static double doubleOption(Arguments args, String name, double fallback) {
        String v = args.option(name).orElse(null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, not '" + v + "'");
        }
    }
}
