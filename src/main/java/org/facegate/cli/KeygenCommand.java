package org.facegate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.facegate.config.UsageException;
import org.facegate.matching.TemplateKey;

/**
 * {@code keygen --out FILE}: writes a new random AES-256 template key (base64, one line) to a new file readable by its
 * owner only, and prints its key id. Never prints the key.
 */
final class KeygenCommand implements Command {

    @Override
    public String name() {
        return "keygen";
    }

    @Override
    public String summary() {
        return "--out FILE: a new template key file (AES-256) for run --template-key-file";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(Set.of(), "out");
    }

    @Override
    public int run(Arguments args) {
        Path out = Path.of(args.option("out").orElseThrow(() -> new UsageException("--out FILE is required")));
        args.rejectUnknown();
        if (Files.exists(out)) {
            throw new UsageException(out + " exists; keygen never overwrites a key file");
        }
        TemplateKey key = TemplateKey.generate();
        key.write(out);
        System.out.println("facegate keygen: wrote template key " + key.id() + " to " + out);
        return 0;
    }
}
