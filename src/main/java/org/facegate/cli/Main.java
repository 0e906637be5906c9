package org.facegate.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.config.UsageException;

/** Entry point of {@code java -jar target/facegate.jar COMMAND ...}. */
public final class Main {

    private Main() {
    }

    /** Every command, in the order the usage text lists them. Add new commands here. */
    static List<Command> commands() {
        return List.of(
                new VerifyCommand(),
                new EmbedCommand(),
                new ImportModelsCommand(),
                new BenchCommand(),
                new EvalCommand(),
                new TrainPadCommand(),
                new CalibratePadCommand(),
                new TrainPadFusionCommand(),
                new CalibrateInt8Command(),
                new DemoCommand(),
                new RunCommand(),
                new TopicsCommand(),
                new KeygenCommand(),
                new SoakCommand(),
                new BrokerCommand(),
                new EnrolCommand(),
                new CheckCommand(),
                new VerdictsCommand(),
                new CohortCommand()
        );
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command c : commands()) {
            byName.put(c.name(), c);
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            printUsage(byName);
            return args.length == 0 ? 1 : 0;
        }
        Command command = byName.get(args[0]);
        if (command == null) {
            System.err.println("facegate: unknown command '" + args[0] + "'");
            printUsage(byName);
            return 1;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            Arguments arguments = Arguments.parse(rest, SWITCHES);
            arguments.rejectUndeclared(command.options());
            return command.run(arguments);
        } catch (UsageException e) {
            System.err.println("facegate " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("facegate " + command.name() + ": " + e);
            return 3;
        }
    }

    /** Options that never take a value. */
    static final java.util.Set<String> SWITCHES = java.util.Set.of(
            "json", "exit", "follow", "erase", "from-beginning", "peer", "no-stream", "allow-plaintext-templates", "create",
            "check", "help", "quality-gate", "cache", "no-pad-cost");

    private static void printUsage(Map<String, Command> byName) {
        System.err.println("usage: java -jar facegate.jar COMMAND [options]\n\ncommands:");
        byName.values().forEach(c -> System.err.printf("  %-14s %s%n", c.name(), c.summary()));
    }
}
