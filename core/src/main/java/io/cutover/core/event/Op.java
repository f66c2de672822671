package io.cutover.core.event;

/** Debezium's operation codes: create, update, delete, and read (a snapshot row). */
public enum Op {
    CREATE("c"), UPDATE("u"), DELETE("d"), READ("r");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Op fromCode(String code) {
        for (Op op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown op code '" + code + "' (expected c, u, d or r)");
    }
}
