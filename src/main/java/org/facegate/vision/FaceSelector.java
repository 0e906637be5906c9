package org.facegate.vision;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the one face that matters when the detector finds several.
 * <ul>
 * <li>{@link Rule#DOMINANT} (gates, chips, enrolment): the largest face wins if its box area is at least
 * {@code dominance} times that of the next largest; otherwise the photo is ambiguous (MULTIPLE_FACES). A
 * traveller stands closest to the gate camera, so a bystander's face is much smaller.</li>
 * <li>{@link Rule#CENTRAL} (evaluation on data sets that centre their subject, such as LFW): the face whose
 * centre is nearest the image centre, never ambiguous.</li>
 * </ul>
 */
public final class FaceSelector {

    public enum Rule { DOMINANT, CENTRAL }

    private final Rule rule;
    private final double dominance;

    public FaceSelector(Rule rule, double dominance) {
        if (dominance < 1) {
            throw new IllegalArgumentException("dominance must be >= 1: " + dominance);
        }
        this.rule = rule;
        this.dominance = dominance;
    }

    /** The selected detection, or empty when several faces compete (only with {@link Rule#DOMINANT}). */
    public Optional<Detection> select(List<Detection> faces, int imageWidth, int imageHeight) {
        if (faces.isEmpty()) {
            return Optional.empty();
        }
        if (rule == Rule.CENTRAL) {
            double cx = imageWidth / 2.0;
            double cy = imageHeight / 2.0;
            return faces.stream().min(Comparator.comparingDouble(
                    d -> Math.hypot(d.box().centerX() - cx, d.box().centerY() - cy)));
        }
        List<Detection> bySize = faces.stream()
                .sorted(Comparator.comparingDouble((Detection d) -> d.box().area()).reversed()).toList();
        if (bySize.size() == 1 || bySize.get(0).box().area() >= dominance * bySize.get(1).box().area()) {
            return Optional.of(bySize.get(0));
        }
        return Optional.empty();
    }
}
