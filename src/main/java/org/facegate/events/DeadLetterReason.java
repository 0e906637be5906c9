package org.facegate.events;

/**
 * Why a record went to the dead-letter topic instead of getting a verdict or an enrolment result: the value of the
 * {@code facegate.dlq.reason} header and of the {@code reason} label of {@code facegate_dead_letters_total}. The
 * first three are found by {@link EventJson#parse} (the value is not a JSON object, so nothing in it can be trusted);
 * the last two by the processor of one input.
 */
public enum DeadLetterReason {
    /** No value, or zero bytes (on {@code enrolments} a null value is an erasure, not this). */
    EMPTY_VALUE,
    /** Not JSON, or JSON beyond the parser's limits (see schemas/README.md). */
    MALFORMED_JSON,
    /** JSON, but an array, string or number. */
    NOT_A_JSON_OBJECT,
    /** A check without a readable checkId: there is nothing a verdict could refer to. Checks only. */
    NO_CHECK_ID,
    /** An enrolment, or an erasure, without a usable documentId. Enrolments only. */
    NO_DOCUMENT_ID
}
