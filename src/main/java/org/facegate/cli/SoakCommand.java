package org.facegate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.facegate.bench.Soak;
import org.facegate.bench.SoakReport;
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;

/**
 * {@code soak [--minutes 10] [--load 0.8] [--capacity-checks 200] [--interval-s 60] [--images DIR]
 * [--bootstrap-servers HOST:PORT] [--out soak.json]}: see {@link Soak}. Exit 0 when every check sent got exactly one
 * verdict, 4 otherwise.
 */
final class SoakCommand implements Command {

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public String summary() {
        return "[--minutes 10] [--load 0.8] [--out FILE]: capacity, then steady load; latency, lag and heap per minute";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(ConfigOptions.OPTIONS, "minutes", "load", "capacity-checks", "interval-s", "images",
                "bootstrap-servers", "out");
    }

    @Override
    public int run(Arguments args) throws Exception {
        double minutes = doubleOption(args, "minutes", 10);
        double load = doubleOption(args, "load", 0.8);
        int capacityChecks = args.intOption("capacity-checks", 200);
        int intervalS = args.intOption("interval-s", 60);
        if (!(minutes > 0) || !(load > 0) || capacityChecks < 1 || intervalS < 1) {
            throw new UsageException("--minutes, --load, --capacity-checks and --interval-s must be positive");
        }
        Optional<Path> images = args.option("images").map(Path::of);
        if (images.isPresent() && !Files.isDirectory(images.get())) {
            throw new UsageException("--images " + images.get() + " is not a folder (expected NAME/NAME_0001.jpg ...)");
        }
        Optional<String> bootstrap = args.option("bootstrap-servers");
        Path out = Path.of(args.option("out", "soak-report.json"));
        FaceGateConfig base = ConfigOptions.load(args); // --models, --provider, --set facegate.inference.threads=N
        args.rejectUnknown();
        Duration duration = Duration.ofMillis(Math.round(minutes * 60_000));
        Path work = Files.createTempDirectory("facegate-soak-");
        Duration interval = Duration.ofSeconds(intervalS);
        try (Soak soak = new Soak(new Soak.Options(duration, load, capacityChecks, interval, bootstrap, images, work, base),
                System.out)) {
            SoakReport report = soak.run();
            System.out.print(report.table(interval));
            report.writeJson(out);
            System.out.println("soak: wrote " + out);
            return report.missing() == 0 && report.duplicates() == 0 ? 0 : 4;
        }
    }

    private static double doubleOption(Arguments args, String name, double defaultValue) {
        Optional<String> v = args.option(name);
        try {
            return v.isEmpty() ? defaultValue : Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, not '" + v.get() + "'");
        }
    }
}
