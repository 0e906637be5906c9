package org.facegate.topology;

/** TEMPORARY bridge so app tests can use the package-private scripted analyser. */
public final class ScriptedAnalyserAccess {
    public org.facegate.vision.FaceAnalyser get() {
        return new ScriptedAnalyser();
    }
}
