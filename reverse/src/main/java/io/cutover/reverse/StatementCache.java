package io.cutover.reverse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements by SQL text, for the write-back: each row change is a statement of a handful
 * of shapes per table, and compiling it again for every row was a measurable share of its time.
 */
final class StatementCache implements AutoCloseable {
    private static final int MAX = 256;
    private final Connection c;
    private final Map<String, PreparedStatement> byText = new LinkedHashMap<>(16, 0.75f, true);

    StatementCache(Connection c) {
        this.c = c;
    }

    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement ps = byText.get(sql);
        if (ps == null) {
            if (byText.size() >= MAX) {
                var eldest = byText.entrySet().iterator().next();
                eldest.getValue().close();
                byText.remove(eldest.getKey());
            }
            ps = c.prepareStatement(sql);
            byText.put(sql, ps);
        }
        ps.clearParameters();
        return ps;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : byText.values()) {
            ps.close();
        }
        byText.clear();
    }
}
