package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * README's "## Commands" table against each command's {@link Command#options()}, so an option documented is an
 * option accepted and an option accepted is documented. A command's documented options are the {@code --names} in the
 * first column of its rows (both {@code eval} rows count for {@code eval}), plus those of every paragraph under the
 * table that names the command in backticks (the Kafka settings and the face-pipeline options). Every option in a row
 * must be declared; every declared option must be documented. {@link Main} refuses undeclared options before the
 * command runs, which the last test pins.
 */
class CommandTableTest {

    private static final Pattern OPTION = Pattern.compile("--([a-z][a-z0-9-]*)");
    private static final Pattern BACKTICKED = Pattern.compile("`([a-z][a-z-]*)`");

    @Test
    void everyOptionInTheTableIsAcceptedByItsCommand() throws IOException {
        Section readme = Section.read();
        Map<String, Command> commands = commandsByName();
        List<String> wrong = new ArrayList<>();
        readme.rowOptions.forEach((command, options) -> {
            Command c = commands.get(command);
            for (String option : options) {
                if (c != null && !c.options().contains(option)) {
                    wrong.add(command + " --" + option);
                }
            }
        });
        assertEquals(List.of(), wrong, "README's Commands table lists options its commands refuse");
    }

    @Test
    void everyAcceptedOptionIsDocumentedInTheRowOrASharedParagraph() throws IOException {
        Section readme = Section.read();
        List<String> missing = new ArrayList<>();
        for (Command c : Main.commands()) {
            Set<String> documented = readme.documented(c.name());
            for (String option : new TreeSet<>(c.options())) {
                if (!documented.contains(option)) {
                    missing.add(c.name() + " --" + option);
                }
            }
        }
        assertEquals(List.of(), missing, "options commands accept that README's Commands section does not mention");
    }

    @Test
    void theTableHasARowForEveryCommandAndNoOther() throws IOException {
        Section readme = Section.read();
        assertEquals(new TreeSet<>(commandsByName().keySet()), new TreeSet<>(readme.rowOptions.keySet()));
    }

    @Test
    void anUndeclaredOptionIsRefusedBeforeTheCommandLooksAtAnything() {
        // Without the parse-time check bench would first complain about the missing folder, eval about the data set.
        CommandRun bench = CommandRun.of("bench", "--images", "no/such/folder", "--bogus", "1");
        assertEquals(1, bench.exit(), bench.err());
        assertEquals("facegate bench: unknown option --bogus", bench.err());

        CommandRun eval = CommandRun.of("eval", "lfw", "--dataset", "no/such/folder", "--threshhold", "0.5");
        assertEquals(1, eval.exit(), eval.err());
        assertEquals("facegate eval: unknown option --threshhold", eval.err());
    }

    @Test
    void aDeclaredOptionStillReachesTheCommand() {
        CommandRun bench = CommandRun.of("bench", "--images", "no/such/folder", "--no-pad-cost");
        assertEquals(1, bench.exit(), bench.err());
        assertFalse(bench.err().contains("unknown option"), bench.err());
        assertTrue(bench.err().contains("no such folder"), bench.err());
    }

    private static Map<String, Command> commandsByName() {
        return Main.commands().stream().collect(Collectors.toMap(Command::name, c -> c, (a, b) -> a, LinkedHashMap::new));
    }

    /** The "## Commands" section of README.md: options per command from the table, and the paragraphs after it. */
    private record Section(Map<String, Set<String>> rowOptions, List<String> paragraphs) {

        static Section read() throws IOException {
            List<String> lines = Files.readAllLines(Path.of("README.md"));
            int start = lines.indexOf("## Commands");
            assertTrue(start >= 0, "README.md has no '## Commands' section");
            Map<String, Set<String>> rows = new LinkedHashMap<>();
            List<String> paragraphs = new ArrayList<>();
            StringBuilder paragraph = new StringBuilder();
            for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
                String line = lines.get(i);
                if (line.startsWith("| `")) {
                    // The first cell, up to the first '|' not escaped as '\|'.
                    String first = line.substring(1).split("(?<!\\\\)\\|", 2)[0].trim();
                    String command = first.substring(1).split("[ `]", 2)[0];
                    rows.computeIfAbsent(command, k -> new TreeSet<>()).addAll(options(first));
                } else if (line.isBlank() || line.startsWith("|")) {
                    if (!paragraph.isEmpty()) {
                        paragraphs.add(paragraph.toString());
                        paragraph.setLength(0);
                    }
                } else {
                    paragraph.append(line).append('\n');
                }
            }
            if (!paragraph.isEmpty()) {
                paragraphs.add(paragraph.toString());
            }
            assertFalse(rows.isEmpty(), "README.md's Commands section has no table rows");
            return new Section(rows, paragraphs);
        }

        Set<String> documented(String command) {
            Set<String> all = new TreeSet<>(rowOptions.getOrDefault(command, Set.of()));
            for (String p : paragraphs) {
                Matcher m = BACKTICKED.matcher(p);
                while (m.find()) {
                    if (m.group(1).equals(command)) {
                        all.addAll(options(p));
                        break;
                    }
                }
            }
            return all;
        }

        private static Set<String> options(String text) {
            Set<String> names = new TreeSet<>();
            Matcher m = OPTION.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }
}
