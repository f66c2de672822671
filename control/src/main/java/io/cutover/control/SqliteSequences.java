package io.cutover.control;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The highest ids SQLite's AUTOINCREMENT tables ever handed out ({@code sqlite_sequence}), per source table. */
final class SqliteSequences {
    private SqliteSequences() {
    }

    /** Keys are {@code source.table}. */
    static Map<String, Long> read(Map<String, Path> sources) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (var e : sources.entrySet()) {
            try (Connection c = SqliteFence.open(e.getValue()); Statement st = c.createStatement()) {
                try (ResultSet t = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
                    if (!t.next() || t.getLong(1) == 0) {
                        continue;
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT name, seq FROM sqlite_sequence")) {
                    while (rs.next()) {
                        out.put(e.getKey() + "." + rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }
}
