package org.facegate.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The evaluation data sets that live outside the repository ({@code ../shared/datasets} beside the checkout, see
 * its README), for the few tests that need them. Each method returns the path when the data set is there;
 * when it is not, the test is skipped with one message that names the missing path and how to provide it, except
 * where the environment variable {@code CI} is {@code true}: there the test fails with the same message, so that
 * CI can never pass a data-dependent test by skipping it.
 */
public final class SharedDatasets {

    /** System property that overrides where LFW is ({@code ../shared/datasets/lfw} by default). */
    public static final String LFW_PROPERTY = "facegate.lfw.dir";
    /** System property that overrides where NUAA PAD is ({@code ../shared/datasets/nuaa-pad} by default). */
    public static final String NUAA_PROPERTY = "facegate.nuaa.dir";

    /** System property that overrides where the phone-replay PAD set is ({@code ../shared/datasets/pad-phone-replay}). */
    public static final String PAD_PHONE_REPLAY_PROPERTY = "facegate.padphonereplay.dir";

    /** System property that overrides where the MiniFASNet parity crops are ({@code ../shared/models/minifasnet/parity}). */
    public static final String MINIFASNET_PARITY_PROPERTY = "facegate.minifasnet.parity.dir";

    private SharedDatasets() {
    }

    /** LFW's folder ({@code pairs.txt}, {@code images/NAME/NAME_000N.jpg}). */
    public static Path lfw() {
        return require("LFW", dir(LFW_PROPERTY, "../shared/datasets/lfw"), "pairs.txt", LFW_PROPERTY, ci());
    }

    /** LFW's photo {@code index} (1-based) of {@code name}, e.g. {@code lfwImage("Hugh_Grant", 8)}. */
    public static Path lfwImage(String name, int index) {
        String file = "images/%s/%s_%04d.jpg".formatted(name, name, index);
        return require("LFW", dir(LFW_PROPERTY, "../shared/datasets/lfw"), file, LFW_PROPERTY, ci()).resolve(file);
    }

    /** The NUAA presentation-attack folder ({@code live/SUBJECT/*.jpg}, {@code attack/SUBJECT/*.jpg}). */
    public static Path nuaaPad() {
        return require("NUAA PAD", dir(NUAA_PROPERTY, "../shared/datasets/nuaa-pad"), "attack", NUAA_PROPERTY, ci());
    }

    /**
     * The phone-replay presentation-attack folder: one person, another webcam ({@code live/r01/*.png}) and
     * phone-screen replays of that person ({@code attack/r01/*.png}).
     */
    public static Path padPhoneReplay() {
        return require("pad-phone-replay", dir(PAD_PHONE_REPLAY_PROPERTY, "../shared/datasets/pad-phone-replay"),
                "attack", PAD_PHONE_REPLAY_PROPERTY, ci());
    }

    /**
     * The MiniFASNet parity folder: {@code expected.json} (PyTorch's logits per crop, each crop's source photo in
     * {@code ../shared} and the boxes used) and the 80x80 crops {@code cropNN-NET.png}.
     */
    public static Path minifasnetParity() {
        return require("MiniFASNet parity crops", dir(MINIFASNET_PARITY_PROPERTY, "../shared/models/minifasnet/parity"),
                "expected.json", MINIFASNET_PARITY_PROPERTY, ci());
    }

    /** A NUAA print-attack photo (subject 0004, the 300th file: the one issue 19 reported as MATCH). */
    public static Path nuaaAttackPhoto() {
        return nuaaPhoto("attack/0004", 300);
    }

    /** A NUAA live photo of the same subject (the 100th file of live/0004). */
    public static Path nuaaLivePhoto() {
        return nuaaPhoto("live/0004", 100);
    }

    private static Path nuaaPhoto(String folder, int rank) {
        Path dir = nuaaPad().resolve(folder);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.sorted().skip(rank - 1).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path dir(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback));
    }

    private static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * {@code dir} when {@code dir/marker} exists; otherwise a skip ({@code TestAbortedException}), or under CI
     * ({@code ci}) a failure ({@code AssertionFailedError}), both with {@link #missing}'s message.
     */
    static Path require(String name, Path dir, String marker, String property, boolean ci) {
        if (Files.exists(dir.resolve(marker))) {
            return dir;
        }
        String message = missing(name, dir.resolve(marker), property);
        return ci ? Assertions.fail(message) : Assumptions.abort(message);
    }

    /** The one message for a missing data set: what is missing, where, how to provide it, and the CI rule. */
    static String missing(String name, Path file, String property) {
        return name + " absent (no " + file.toAbsolutePath().normalize() + "): put the data sets folder at "
                + "../shared/datasets beside the checkout, or pass -D" + property + "=DIR; "
                + "with CI=true this is a failure, not a skip";
    }
}
