package org.facegate.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.facegate.events.CheckRequest;
import org.facegate.events.EventJson;
import org.facegate.events.Parsed;

/**
 * The micro-batching of {@link CheckProcessor} ({@link Batching}): checks that passed every cheap test wait here for
 * the face pipeline, in this task's changelogged {@code pending-checks} store (keyed by input offset) and in memory,
 * oldest first; they go to the answering function together when {@code maxSize} are waiting or the oldest has waited
 * {@code maxWait} (wall-clock punctuator). A batch's entries leave the store after it is answered, so under
 * exactly-once a crash in between restores them and they are answered after the restart ({@link #init}). With
 * {@link Batching#perRecord()} nothing is stored: each check is answered at once.
 */
final class WaitingChecks {

    /** Logs under the processor's name: these lines are the check processor's. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CheckProcessor.class);

    /** A check that passed every cheap test and waits for the face pipeline. */
    record Pending(long offset, byte[] key, long timestamp, Headers headers, CheckRequest request, long receivedNanos) {
    }

    private final Batching batching;
    private final Consumer<List<Pending>> answer;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Long, byte[]> pendingStore;
    /** Checks waiting for inference in this task, oldest first; mirrors {@code pendingStore}. */
    private final List<Pending> pending = new ArrayList<>();
    /** Wall-clock time (Streams' clock, ms) at which the oldest pending check arrived. */
    private long oldestPendingMs;

    /** @param answer answers a batch of checks (one verdict each) */
    WaitingChecks(Batching batching, Consumer<List<Pending>> answer) {
        this.batching = batching;
        this.answer = answer;
    }

    /** Opens the store, restores checks buffered before a restart and schedules the punctuator (unless per record). */
    void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        if (!batching.perRecord()) {
            this.pendingStore = context.getStateStore(FaceGateTopology.PENDING_STORE);
            restorePending();
            long tick = Math.max(1, batching.maxWait().toMillis() / 2);
            context.schedule(java.time.Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::flushIfDue);
        }
    }

    /** After a restart: checks buffered before the crash are answered with the next flush. */
    private void restorePending() {
        try (KeyValueIterator<Long, byte[]> it = pendingStore.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> e = it.next();
                PendingCheck stored = PendingCheck.decode(e.value);
                if (EventJson.parse(stored.value(), CheckRequest.class) instanceof Parsed.Valid<CheckRequest> valid) {
                    pending.add(new Pending(e.key, stored.key(), stored.timestamp(), stored.headers(), valid.event(), 0));
                } else {
                    pendingStore.delete(e.key); // cannot happen: only valid checks are buffered
                }
            }
        }
        oldestPendingMs = Long.MIN_VALUE / 2; // overdue: answer them at the first punctuation
        if (!pending.isEmpty()) {
            LOG.info("task {}: {} checks buffered before a restart or rebalance will be answered now",
                    context.taskId(), pending.size());
        }
    }

    private void flushIfDue(long nowMs) {
        if (!pending.isEmpty() && nowMs - oldestPendingMs >= batching.maxWait().toMillis()) {
            flush();
        }
    }

    /** Puts a check in line (or answers it at once, per record); answers the batch when it is full. */
    void enqueue(Record<byte[], byte[]> record, CheckRequest request, long start) {
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse((long) pending.size());
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray());
        Pending p = new Pending(offset, record.key(), record.timestamp(), headers, request, start);
        if (batching.perRecord()) {
            answer.accept(List.of(p));
            return;
        }
        pendingStore.put(offset, new PendingCheck(record.timestamp(), record.key(), headers, record.value()).encode());
        if (pending.isEmpty()) {
            oldestPendingMs = context.currentSystemTimeMs();
        }
        pending.add(p);
        if (pending.size() >= batching.maxSize()) {
            flush();
        }
    }

    private void flush() {
        List<Pending> batch = new ArrayList<>(pending);
        pending.clear();
        answer.accept(batch);
        for (Pending p : batch) {
            pendingStore.delete(p.offset());
        }
    }
}
