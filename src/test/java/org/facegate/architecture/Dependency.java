package org.facegate.architecture;

/**
 * One use of a class by another, both named in dotted form ({@code org.facegate.vision.FacePipeline}); nested
 * classes keep their {@code $} names. {@link #room} is the top-level package under {@code org.facegate} that a
 * class lives in, with its subpackages ({@code modelimport.onnx} is in the room {@code modelimport}).
 */
record Dependency(String fromClass, String toClass) {

    static final String ROOT = "org.facegate.";

    String fromRoom() {
        return room(fromClass);
    }

    String toRoom() {
        return room(toClass);
    }

    /**
     * The top-level package of a FaceGate class (or of a package name, as a wildcard import gives it), or "" for a
     * class directly in {@code org.facegate}.
     */
    static String room(String className) {
        if (!className.startsWith(ROOT)) {
            throw new IllegalArgumentException("not a FaceGate class: " + className);
        }
        String rest = className.substring(ROOT.length());
        int dot = rest.indexOf('.');
        if (dot >= 0) {
            return rest.substring(0, dot);
        }
        return !rest.isEmpty() && Character.isLowerCase(rest.charAt(0)) ? rest : "";
    }

    /** The class name without {@code org.facegate.}, as the failure messages print it. */
    static String shortName(String className) {
        return className.startsWith(ROOT) ? className.substring(ROOT.length()) : className;
    }

    @Override
    public String toString() {
        return shortName(fromClass) + " imports " + shortName(toClass);
    }
}
