package org.facegate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.facegate.config.UsageException;
import org.facegate.demo.Demo;

/**
 * {@code demo [--checks N] [--metrics-port P] [--exit] [--images DIR] [--bootstrap-servers HOST:PORT]}: see
 * {@link Demo}. With {@code --exit} it stops when all verdicts arrived and exits 0 only if every check got one;
 * without, it keeps the broker, topology and metrics endpoint running until Ctrl-C.
 */
final class DemoCommand implements Command {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "[--checks N] [--metrics-port P] [--exit] [--images DIR]: embedded broker, topology, sample traffic";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(Set.of(), "checks", "metrics-port", "exit", "images", "bootstrap-servers");
    }

    @Override
    public int run(Arguments args) throws Exception {
        int checks = args.intOption("checks", 20);
        if (checks < 1) {
            throw new UsageException("--checks must be at least 1");
        }
        int metricsPort = args.intOption("metrics-port", 9400);
        boolean exit = args.flag("exit");
        Optional<Path> images = args.option("images").map(Path::of);
        if (images.isPresent() && !Files.isDirectory(images.get())) {
            throw new UsageException("--images " + images.get() + " is not a folder (expected NAME/NAME_0001.jpg ...)");
        }
        Optional<String> bootstrap = args.option("bootstrap-servers");
        args.rejectUnknown();
        Path work = Files.createTempDirectory("facegate-demo-");
        Demo demo = new Demo(new Demo.Options(checks, metricsPort, images, bootstrap, work), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "facegate-demo-shutdown"));
        Demo.Summary summary = demo.run();
        System.out.println(summary.json());
        if (exit) {
            return summary.exitCode();
        }
        System.out.println("demo: still running (metrics on http://localhost:" + demo.metricsPort()
                + "/metrics); Ctrl-C to stop");
        new CountDownLatch(1).await();
        return 0;
    }
}
