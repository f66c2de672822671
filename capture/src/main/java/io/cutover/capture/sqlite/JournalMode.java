package io.cutover.capture.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * WAL mode: readers never block the app's writer and the writer never blocks readers. In
 * rollback-journal mode capture's read transactions block the writer while they last, so capture
 * keeps them to one small batch, explains the trade-off, and switches only when asked.
 */
final class JournalMode {
    private static final Logger LOG = LoggerFactory.getLogger(JournalMode.class);

    private JournalMode() {
    }

    static void check(Connection conn, SqliteConnectorConfig cfg) throws SQLException {
        String mode = pragma(conn, "journal_mode");
        if ("wal".equalsIgnoreCase(mode)) {
            return;
        }
        if (cfg.switchToWal()) {
            String now = pragma(conn, "journal_mode=WAL");
            LOG.info("{}: switched {} from {} to {} journal mode", cfg.sourceName(), cfg.path(), mode, now);
            return;
        }
        LOG.warn("{}: {} is in rollback-journal mode ({}). Capture's reads and the app's writes then block each"
                + " other briefly (capture keeps its read transactions to one small batch). WAL mode lets readers"
                + " never block the writer; it is persistent and safe while every process using the file runs on"
                + " this host. To switch, set capture.switch-to-wal: true in cutover.yml (or {}=true in a Kafka Connect connector configuration).",
                cfg.sourceName(), cfg.path(), mode, SqliteConnectorConfig.SWITCH_TO_WAL);
    }

    private static String pragma(Connection conn, String p) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + p)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
