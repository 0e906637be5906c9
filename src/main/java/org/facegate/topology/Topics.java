package org.facegate.topology;

import java.util.List;

/**
 * The names of FaceGate's topics. Defaults: {@code passport-checks}, {@code enrolments}, {@code verdicts},
 * {@code enrolment-results}, {@code dead-letters}; {@link #withPrefix} puts e.g. {@code prod.} before each.
 */
public record Topics(String checks, String enrolments, String verdicts, String enrolmentResults, String deadLetters) {

    public static final Topics DEFAULT =
            new Topics("passport-checks", "enrolments", "verdicts", "enrolment-results", "dead-letters");

    public Topics withPrefix(String prefix) {
        return new Topics(prefix + checks, prefix + enrolments, prefix + verdicts, prefix + enrolmentResults,
                prefix + deadLetters);
    }

    public List<String> all() {
        return List.of(checks, enrolments, verdicts, enrolmentResults, deadLetters);
    }
}
