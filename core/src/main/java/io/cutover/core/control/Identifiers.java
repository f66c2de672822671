package io.cutover.core.control;

/** Postgres identifier quoting: every name is quoted, embedded quotes doubled, so any name is safe. */
public final class Identifiers {
    private Identifiers() {
    }

    public static String quote(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a Postgres identifier cannot contain a NUL character: " + name);
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
