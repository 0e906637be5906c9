package org.facegate.config;

/** A mistake on the command line: reported as one line and exit code 1. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
