package io.cutover.core.event;

import java.util.Arrays;

/**
 * A SQLite TEXT value whose bytes are not valid UTF-8. Carried as its raw bytes so nothing is lost;
 * Postgres cannot store it as text, so the applier dead-letters it unless the column is bytea.
 */
public record InvalidText(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
        return o instanceof InvalidText other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "InvalidText[" + bytes.length + " bytes]";
    }
}
