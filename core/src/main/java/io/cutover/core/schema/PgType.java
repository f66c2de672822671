package io.cutover.core.schema;

/** The Postgres column types Cutover creates. */
public enum PgType {
    BIGINT("bigint"), DOUBLE("double precision"), NUMERIC("numeric"), TEXT("text"), BYTEA("bytea"),
    BOOLEAN("boolean"), TIMESTAMPTZ("timestamptz"), JSONB("jsonb");

    private final String sql;

    PgType(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }

    public static PgType fromSql(String sql) {
        String s = sql.trim().toLowerCase(java.util.Locale.ROOT);
        for (PgType t : values()) {
            if (t.sql.equals(s) || t.name().equalsIgnoreCase(s)) {
                return t;
            }
        }
        if (s.equals("timestamp with time zone")) return TIMESTAMPTZ;
        if (s.equals("float8")) return DOUBLE;
        if (s.equals("int8")) return BIGINT;
        throw new IllegalArgumentException("unsupported column type override '" + sql
                + "' (use one of bigint, double precision, numeric, text, bytea, boolean, timestamptz, jsonb)");
    }
}
