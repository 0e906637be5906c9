package org.facegate.padtraining;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs work over a list in fixed chunks on a few threads and joins the results in input order, so that what a tool
 * writes does not depend on how the threads were scheduled.
 */
public final class ChunkedWork {

    /** The work on one chunk: its results, in the chunk's order. */
    @FunctionalInterface
    public interface Chunk<T, R> {
        List<R> run(List<T> items) throws Exception;
    }

    private ChunkedWork() {
    }

    public static <T, R> List<R> map(List<T> items, int chunkSize, int threads, Chunk<T, R> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<List<R>>> parts = new ArrayList<>();
            for (int start = 0; start < items.size(); start += chunkSize) {
                List<T> chunk = items.subList(start, Math.min(items.size(), start + chunkSize));
                Callable<List<R>> task = () -> work.run(chunk);
                parts.add(pool.submit(task));
            }
            List<R> out = new ArrayList<>(items.size());
            for (Future<List<R>> f : parts) {
                out.addAll(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
