package org.facegate.vision;

/** An axis-aligned face box in image pixels (x, y of the top-left corner). */
public record FaceBox(double x, double y, double width, double height) {

    public double area() {
        return Math.max(0, width) * Math.max(0, height);
    }

    public double centerX() {
        return x + width / 2;
    }

    public double centerY() {
        return y + height / 2;
    }

    /** Whether the point lies inside the box (edges included). */
    public boolean contains(double px, double py) {
        return px >= x && px <= x + width && py >= y && py <= y + height;
    }

    /** Intersection over union with {@code other}; 0 when they do not overlap. */
    public double iou(FaceBox other) {
        double ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        double iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double inter = ix * iy;
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
