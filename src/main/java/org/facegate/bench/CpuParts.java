package org.facegate.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a stream benchmark's CPU into the parts a reader asks about: FaceGate's stream threads (decode, face
 * pipeline, matching, serialisation: what the raw pipeline also does, plus the topology's own work), FaceGate's
 * Kafka clients (its producers' and consumers' network threads), the embedded broker (every other Java thread of
 * Kafka's), the JIT compiler and the garbage collector (native threads, by OS name), and the rest (the benchmark's
 * gate and verdict reader, main). In milliseconds per check.
 */
final class CpuParts {

    private CpuParts() {
    }

    static Map<String, Double> msPerCheck(CpuMeter.Span span, String applicationIdPrefix, int checks) {
        double stream = 0;
        double clients = 0;
        double broker = 0;
        double other = 0;
        for (Map.Entry<String, Double> e : span.cpuSecondsByThreadGroup().entrySet()) {
            String name = e.getKey();
            double s = e.getValue();
            boolean ours = name.contains(applicationIdPrefix);
            if (ours && name.contains("StreamThread") && !name.contains("producer") && !name.contains("consumer")) {
                stream += s;
            } else if (ours) {
                clients += s;
            } else if (name.equals("main") || name.startsWith("gate") || name.contains("verdict")) {
                other += s;
            } else if (isBroker(name)) {
                broker += s;
            } else {
                other += s;
            }
        }
        double jit = 0;
        double gc = 0;
        for (Map.Entry<String, Double> e : span.cpuSecondsByOsThreadName().entrySet()) {
            String name = e.getKey();
            if (name.contains("CompilerThre")) {
                jit += e.getValue();
            } else if (name.startsWith("GC Thread") || name.startsWith("G# ") || name.startsWith("G1 ")) {
                gc += e.getValue();
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("streamThreads", stream * 1000 / checks);
        out.put("faceGateKafkaClients", clients * 1000 / checks);
        out.put("broker", broker * 1000 / checks);
        out.put("jitCompiler", jit * 1000 / checks);
        out.put("garbageCollector", gc * 1000 / checks);
        out.put("other", other * 1000 / checks);
        out.put("process", span.processCpuMsPer(checks));
        return out;
    }

    /** Threads of the in-process broker (KRaft controller and broker). */
    static boolean isBroker(String threadGroup) {
        String n = threadGroup.toLowerCase(java.util.Locale.ROOT);
        return n.startsWith("data-plane-kafka") || n.contains("raft") || n.contains("coordinator")
                || n.contains("addpartitionstotxn") || n.contains("txnmarkersender") || n.contains("controller")
                || n.contains("broker") || n.contains("kafka-scheduler") || n.contains("expirationreaper")
                || n.contains("log-cleaner") || n.contains("replica") || n.contains("quorum")
                || n.contains("transaction") || n.contains("share-") || n.contains("metadata");
    }
}
