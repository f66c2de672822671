package io.cutover.applier;

/** A record Postgres cannot take (a value, or a constraint); it goes to the dead-letter topic. */
final class RecordRejected extends RuntimeException {
    private final String column;

    RecordRejected(String column, String message, Throwable cause) {
        super(message, cause);
        this.column = column;
    }

    /** The column at fault, or null when the whole row was rejected (e.g. a constraint). */
    String column() {
        return column;
    }
}
