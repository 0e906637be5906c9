package org.facegate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a stream benchmark's CPU went, by part, in ms per check. */
class CpuPartsTest {

    @Test
    void threadsAreSortedIntoParts() {
        CpuMeter.Span span = new CpuMeter.Span(10, 20, 1.0, Map.of(
                "facegate-bench-b#-*-StreamThread-#", 10.0,
                "kafka-producer-network-thread | facegate-bench-b#-*-StreamThread-#-producer", 1.0,
                "data-plane-kafka-request-handler-#", 2.0,
                "kafka-#-raft-io-thread", 0.5,
                "TxnMarkerSenderThread-#", 0.5,
                "kafka-producer-network-thread | producer-#", 0.25,
                "main", 0.25),
                Map.of("C# CompilerThre", 3.0, "GC Thread##", 1.0, "G# Conc##", 0.5, "facegate-bench-", 10.0));
        Map<String, Double> parts = CpuParts.msPerCheck(span, "facegate-bench-", 1000);
        assertEquals(10.0, parts.get("streamThreads"), 1e-9);
        assertEquals(1.0, parts.get("faceGateKafkaClients"), 1e-9);
        assertEquals(3.0, parts.get("broker"), 1e-9);
        assertEquals(3.0, parts.get("jitCompiler"), 1e-9);
        assertEquals(1.5, parts.get("garbageCollector"), 1e-9);
        assertEquals(0.5, parts.get("other"), 1e-9, "the gate's producer and main");
        assertEquals(20.0, parts.get("process"), 1e-9);
    }
}
