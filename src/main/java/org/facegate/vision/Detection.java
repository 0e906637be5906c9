package org.facegate.vision;

/** A face found by the detector: its box in image pixels and the detector's confidence (0..1). */
public record Detection(FaceBox box, double score) {
}
