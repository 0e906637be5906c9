package org.facegate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.facegate.matching.TemplateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygen} writes a key file; {@code run} refuses to start without a template key (before connecting). */
class TemplateKeyCommandsTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void keygenWritesAKeyFileAndPrintsOnlyItsId(@TempDir Path dir) {
        Path file = dir.resolve("template.key");
        Run r = run("keygen", "--out", file.toString());
        assertEquals(0, r.exit(), r.err());
        TemplateKey key = TemplateKey.read(file);
        assertTrue(r.out().contains(key.id()), r.out());
        assertEquals(1, run("keygen", "--out", file.toString()).exit(), "never overwrites");
    }

    @Test
    void runRefusesToStartWithoutATemplateKey() {
        Run r = run("run", "--bootstrap-servers", "localhost:1", "--metrics-port", "-1");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no template key") && r.err().contains("--allow-plaintext-templates"), r.err());
    }
}
