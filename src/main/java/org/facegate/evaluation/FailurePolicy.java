package org.facegate.evaluation;

/**
 * How a pair with a photo that yielded no embedding (no face found, unreadable) is counted.
 */
public enum FailurePolicy {
    /** Always a wrong decision: a same-person pair is rejected, a different-person pair is accepted. Strictest. */
    ERROR,
    /** Predicted "different": right for a different-person pair, wrong for a same-person pair (what a gate does). */
    DIFFERENT,
    /** Left out of the statistics (the count is reported); flatters the figures. */
    EXCLUDE;

    /** The distance that encodes the policy for a failed pair, or NaN for {@link #EXCLUDE}. */
    public double failedDistance(boolean same) {
        return switch (this) {
            case ERROR -> same ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case DIFFERENT -> Double.POSITIVE_INFINITY;
            case EXCLUDE -> Double.NaN;
        };
    }

    /** What the policy does, for the report. */
    public String description() {
        return switch (this) {
            case ERROR -> "a pair with an image without a face counts as a wrong decision";
            case DIFFERENT -> "a pair with an image without a face is predicted 'different'";
            case EXCLUDE -> "pairs with an image without a face are left out";
        };
    }

    public static FailurePolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("failure policy must be error, different or exclude, not '" + s + "'");
        }
    }
}
