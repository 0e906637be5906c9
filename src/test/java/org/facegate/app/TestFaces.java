package org.facegate.app;

import org.facegate.vision.FaceAnalyser;

/** TEMPORARY: photos and analyser for the app tests until the real FacePipeline is on main. */
final class TestFaces {

    private TestFaces() {
    }

    static FaceAnalyser analyser() {
        return new org.facegate.topology.ScriptedAnalyserAccess().get();
    }

    static byte[] enrolment(String person) {
        return ("face:" + person + ":1").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] live(String person) {
        return ("face:" + person + ":2").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
