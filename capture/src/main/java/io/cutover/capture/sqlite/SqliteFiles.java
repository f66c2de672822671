package io.cutover.capture.sqlite;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens the app's SQLite file the way capture needs it, and sorts SQLite errors. */
public final class SqliteFiles {
    private SqliteFiles() {
    }

    /**
     * Opens an existing database read-write. Never creates the file: a wrong path must fail loudly
     * rather than capture an empty, freshly created database.
     */
    public static Connection open(Path path, int busyTimeoutMs) throws SQLException {
        if (!Files.isRegularFile(path)) {
            throw new FatalSourceException("SQLite file " + path.toAbsolutePath()
                    + " does not exist; check the source's path in the configuration");
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.resetOpenMode(SQLiteOpenMode.CREATE);
        cfg.setBusyTimeout(busyTimeoutMs);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath(), cfg.toProperties());
        try (Statement s = c.createStatement()) {
            // Touches the header: a file that is not a database fails here, not mid-snapshot.
            s.execute("SELECT count(*) FROM sqlite_master");
        } catch (SQLException e) {
            c.close();
            throw classify(e, path);
        }
        return c;
    }

    /** True for lock contention with the app's writer: retry after a bounded backoff. */
    public static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException se) {
                SQLiteErrorCode code = se.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                        || code.name().startsWith("SQLITE_BUSY") || code.name().startsWith("SQLITE_LOCKED")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Turns errors no retry can fix into a {@link FatalSourceException} that says what to do. */
    public static SQLException classify(SQLException e, Path path) {
        if (e instanceof SQLiteException se) {
            String name = se.getResultCode().name();
            if (name.startsWith("SQLITE_NOTADB") || name.startsWith("SQLITE_CORRUPT")) {
                return new FatalSourceException(path.toAbsolutePath() + " is not a SQLite database (or is damaged): "
                        + "check the source's path; capture only reads SQLite 3 files", e);
            }
            if (name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_PERM")) {
                return new FatalSourceException("cannot open " + path.toAbsolutePath() + " for writing (" + name
                        + "): capture needs write access to install its triggers; check file and directory permissions", e);
            }
        }
        return e;
    }

    /** An error that retrying cannot fix; the message tells the operator what to do. */
    public static final class FatalSourceException extends SQLException {
        public FatalSourceException(String message) {
            super(message);
        }

        public FatalSourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
