package io.cutover.capture.sqlite;

/** SQL text helpers. Every identifier the app chose is quoted, because names may hold spaces,
 * quotes, Unicode or reserved words. */
public final class Sql {
    private Sql() {
    }

    /** Quotes an identifier for SQLite: {@code "name"}, with inner double quotes doubled. */
    public static String id(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Quotes a string literal: {@code 'text'}, with inner single quotes doubled. */
    public static String literal(String s) {
        return '\'' + s.replace("'", "''") + '\'';
    }
}
