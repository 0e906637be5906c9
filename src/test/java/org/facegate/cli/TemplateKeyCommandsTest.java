package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.facegate.matching.TemplateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygen} writes a key file; {@code run} refuses to start without a template key (before connecting). */
class TemplateKeyCommandsTest {

    @Test
    void keygenWritesAKeyFileAndPrintsOnlyItsId(@TempDir Path dir) {
        Path file = dir.resolve("template.key");
        CommandRun r = CommandRun.of("keygen", "--out", file.toString());
        assertEquals(0, r.exit(), r.err());
        TemplateKey key = TemplateKey.read(file);
        assertTrue(r.out().contains(key.id()), r.out());
        assertEquals(1, CommandRun.of("keygen", "--out", file.toString()).exit(), "never overwrites");
    }

    @Test
    void runRefusesToStartWithoutATemplateKey() {
        CommandRun r = CommandRun.of("run", "--bootstrap-servers", "localhost:1", "--metrics-port", "-1");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no template key") && r.err().contains("--allow-plaintext-templates"), r.err());
    }
}
