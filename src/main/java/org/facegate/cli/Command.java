package org.facegate.cli;

/** One sub-command of {@code java -jar facegate.jar}. */
interface Command {

    /** The word that selects it, e.g. {@code verify}. */
    String name();

    /** One line for the usage text. */
    String summary();

    /**
     * Runs the command. Returns the process exit code: 0 success, 1 usage error, 2 a typed rejection
     * (for {@code verify}); anything the user can fix is reported as a message, not a stack trace.
     */
    int run(Arguments args) throws Exception;
}
