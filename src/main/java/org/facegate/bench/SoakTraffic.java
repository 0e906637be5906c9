package org.facegate.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.facegate.demo.Demo;
import org.facegate.demo.DemoFaces;
import org.facegate.events.CheckRequest;
import org.facegate.events.EncodedImage;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;

/**
 * The soak's gate side: sends checks of the enrolled people (every 4th an impostor, every 4th a chip check, like the
 * demo) and reads their verdicts on a thread of its own. Latency is send to read_committed receipt; a verdict read
 * twice for one checkId counts as a duplicate.
 */
final class SoakTraffic {

    /** The longest wait for outstanding verdicts (and, in {@link Soak}, for the enrolment results). */
    static final Duration DRAIN = Duration.ofSeconds(60);

    private final GateClient gate;
    private final TopicReader<Verdict> verdicts;
    private final List<DemoFaces.Person> people;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final List<double[]> latencies = Collections.synchronizedList(new ArrayList<>()); // {sentNanos, ms}
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicBoolean receiving = new AtomicBoolean(true);
    private Thread receiver;
    private int next;

    SoakTraffic(GateClient gate, TopicReader<Verdict> verdicts, List<DemoFaces.Person> people) {
        this.gate = gate;
        this.verdicts = verdicts;
        this.people = people;
    }

    void startReceiving() {
        receiver = new Thread(() -> {
            while (receiving.get()) {
                for (Verdict v : verdicts.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    if (seen.putIfAbsent(v.checkId(), Boolean.TRUE) != null) {
                        duplicates.incrementAndGet();
                        continue;
                    }
                    Long at = sentAt.remove(v.checkId());
                    if (at != null) {
                        latencies.add(new double[] {at, (now - at) / 1e6});
                    }
                }
            }
        }, "soak-verdicts");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Every 4th check an impostor, every 4th a chip check, like the demo. */
    void send() {
        int i = next++;
        int person = i % people.size();
        boolean impostor = i % 4 == 3;
        boolean chip = i % 4 == 2;
        int shown = impostor ? (person + 1) % people.size() : person;
        String checkId = String.format("soak-%07d", i);
        String document = chip ? "SOAK-CHIP-" + person : documentId(person);
        sentAt.put(checkId, System.nanoTime());
        sent.incrementAndGet();
        gate.check(CheckRequest.of(checkId, "gate-soak", document, Instant.now(),
                new EncodedImage("jpeg", people.get(shown).live()),
                chip ? new EncodedImage("jpeg", people.get(person).enrolment()) : null));
    }

    double measureCapacity(int checks) throws InterruptedException {
        int before = seen.size();
        long start = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            send();
        }
        gate.flush();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (seen.size() - before < checks && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return (seen.size() - before) / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Sends checks at {@code rate} per second for {@code duration}, open loop, and waits for their verdicts. Every
     * two seconds it reads {@code lag} and {@code heap} (MB); each interval's row keeps the largest lag and the last
     * heap reading, and the latencies of the checks sent in it.
     */
    List<SoakReport.Row> steady(double rate, Duration duration, Duration interval, LongSupplier lag, DoubleSupplier heap)
            throws InterruptedException {
        latencies.clear();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long intervalNanos = interval.toNanos();
        int intervals = (int) Math.max(1, Math.ceil((double) duration.toNanos() / intervalNanos));
        long[] maxLag = new long[intervals];
        double[] heapMb = new double[intervals];
        int[] sentIn = new int[intervals];
        double periodNanos = 1e9 / rate;
        long sentHere = 0;
        long nextLagProbe = start;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            int k = (int) Math.min(intervals - 1, (now - start) / intervalNanos);
            long due = start + (long) (sentHere * periodNanos);
            if (now >= due) {
                send(); // open loop: the schedule does not wait for verdicts
                sentHere++;
                sentIn[k]++;
                continue;
            }
            if (now >= nextLagProbe) {
                maxLag[k] = Math.max(maxLag[k], lag.getAsLong());
                heapMb[k] = heap.getAsDouble();
                nextLagProbe = now + TimeUnit.SECONDS.toNanos(2);
                continue;
            }
            long sleep = Math.min(due, nextLagProbe) - now;
            TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(sleep, TimeUnit.MILLISECONDS.toNanos(50))));
        }
        gate.flush();
        drain();
        List<SoakReport.Row> rows = new ArrayList<>();
        List<double[]> all;
        synchronized (latencies) {
            all = new ArrayList<>(latencies);
        }
        for (int k = 0; k < intervals; k++) {
            long from = start + k * intervalNanos;
            long to = from + intervalNanos;
            List<Double> ms = new ArrayList<>();
            for (double[] l : all) {
                if (l[0] >= from && l[0] < to) {
                    ms.add(l[1]);
                }
            }
            Collections.sort(ms);
            rows.add(new SoakReport.Row(k + 1, sentIn[k], ms.size(), Demo.percentile(ms, 0.5), Demo.percentile(ms, 0.99),
                    ms.isEmpty() ? 0 : ms.get(ms.size() - 1), maxLag[k], heapMb[k]));
        }
        return rows;
    }

    /** Waits until every check sent has its verdict, at most {@link #DRAIN}. */
    void drain() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    int sent() {
        return sent.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    int answered() {
        return seen.size();
    }

    int missing() {
        return sentAt.size();
    }

    void stop() throws InterruptedException {
        receiving.set(false);
        receiver.join(5000);
    }

    /** The documentId of person {@code person}: Soak enrols each under it, the traffic checks against it. */
    static String documentId(int person) {
        return String.format("SOAK-%04d", person);
    }
}
