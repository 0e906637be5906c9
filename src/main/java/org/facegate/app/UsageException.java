package org.facegate.app;

/** A mistake on the command line: reported as one line and exit code 1. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
