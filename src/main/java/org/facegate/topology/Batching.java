package org.facegate.topology;

import java.time.Duration;

/**
 * Micro-batching of checks: up to {@code maxSize} checks that need inference are collected, or for at most
 * {@code maxWait}, and their photos go through each network once. {@code maxSize} 1 is per-record processing.
 * Batches are per stream task (partition). Under exactly-once a buffered check is kept in a changelogged store,
 * so a commit never covers a check whose verdict does not exist yet (see {@link CheckProcessor}).
 */
public record Batching(int maxSize, Duration maxWait) {

    /** One check at a time. */
    public static final Batching PER_RECORD = new Batching(1, Duration.ZERO);
    /**
     * Production default, chosen by the benchmark (docs/benchmarks.md): never wait, but answer together the
     * checks that arrived in the same poll (up to 8). Waiting 10 ms for more cost p50 +60 ms at half load.
     */
    public static final Batching DEFAULT = new Batching(8, Duration.ZERO);

    public Batching {
        if (maxSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("batch wait must be 0..5000 ms (well under the transaction timeout)");
        }
    }

    public boolean perRecord() {
        return maxSize == 1;
    }
}
