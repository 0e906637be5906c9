package org.facegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the {@code facegate} command line, its standard output and error captured and trimmed. */
record CommandRun(int exit, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code facegate args...} through {@link Main#run} (System.out and System.err restored afterwards). */
    static synchronized CommandRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new CommandRun(exit, o.toString(StandardCharsets.UTF_8).trim(), e.toString(StandardCharsets.UTF_8).trim());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** {@code args} followed by {@code more}. */
    static CommandRun of(String[] args, String... more) {
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return of(all);
    }

    /** The standard output as one JSON document. */
    JsonNode json() throws IOException {
        return JSON.readTree(out);
    }
}
