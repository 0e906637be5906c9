package org.facegate.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One sub-command of {@code java -jar facegate.jar}. */
interface Command {

    /** The word that selects it, e.g. {@code verify}. */
    String name();

    /** One line for the usage text. */
    String summary();

    /**
     * Every option it reads, without the leading {@code --}. {@link Main} refuses any other with "unknown option"
     * before the command runs, so a wrong word costs no model loading; README's command table is checked against
     * these sets (CommandTableTest).
     */
    Set<String> options();

    /** {@code shared} (e.g. {@link PipelineOptions#OPTIONS}) plus the command's {@code own} options. */
    static Set<String> optionSet(Set<String> shared, String... own) {
        Set<String> all = new LinkedHashSet<>(shared);
        all.addAll(List.of(own));
        return Set.copyOf(all);
    }

    /**
     * Runs the command. Returns the process exit code: 0 success, 1 usage error, 2 a typed rejection
     * (for {@code verify}); anything the user can fix is reported as a message, not a stack trace.
     */
    int run(Arguments args) throws Exception;
}
