package org.facegate.evaluation;

import java.io.PrintStream;

/**
 * Reports how far a long run has got, on standard error: on a terminal ({@code System.console() != null}) a
 * bar redrawn in place with rate and ETA; otherwise (logs, CI) a plain line every {@code linePeriodSeconds}
 * and at the end. Thread-safe.
 */
public final class Progress {

    private final String label;
    private final long total;
    private final boolean terminal;
    private final PrintStream out;
    private final long linePeriodNanos;
    private final long start = System.nanoTime();
    private long done;
    private long lastPrint;

    public Progress(String label, long total, boolean terminal, PrintStream out, double linePeriodSeconds) {
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.out = out;
        this.linePeriodNanos = (long) (linePeriodSeconds * 1e9);
        this.lastPrint = start;
    }

    /** A bar on a terminal, lines every 10 s otherwise. */
    public static Progress forConsole(String label, long total) {
        return new Progress(label, total, System.console() != null, System.err, 10);
    }

    public synchronized void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (done >= total) {
            print(now, true);
        } else if (now - lastPrint >= (terminal ? 200_000_000L : linePeriodNanos)) {
            print(now, false);
        }
    }

    public synchronized long done() {
        return done;
    }

    private void print(long now, boolean last) {
        lastPrint = now;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        double fraction = total == 0 ? 1 : (double) done / total;
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(fraction * width);
            String bar = "#".repeat(filled) + ".".repeat(width - filled);
            out.printf("\r%s [%s] %d/%d %3.0f%% %6.1f/s ETA %s   ", label, bar, done, total, 100 * fraction, rate,
                    last ? "done" : clock(eta));
            if (last) {
                out.println();
            }
        } else {
            out.printf("%s: %d/%d (%.0f%%), %.1f/s, %s%n", label, done, total, 100 * fraction, rate,
                    last ? String.format("done in %s", clock(seconds)) : "ETA " + clock(eta));
        }
        out.flush();
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
