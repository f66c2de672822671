package io.cutover.cli.demo;

import io.cutover.core.config.DatabaseUrl;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/**
 * Shows rows per table on both sides once a second, until the app has stopped writing and every
 * table, of the database and of the data files, has the same primary keys on both sides (a digest of
 * the keys, not only their count).
 */
final class Progress {
    private final DemoApp app;
    private final DatabaseUrl pg;
    private final String schema;
    private final DemoFiles files;

    Progress(DemoApp app, DemoFiles files, DatabaseUrl pg, String schema) {
        this.app = app;
        this.files = files;
        this.pg = pg;
        this.schema = schema;
    }

    boolean untilCaughtUp(DemoWriter writer, PrintWriter out, Duration afterWriter) throws Exception {
        long deadline = Long.MAX_VALUE;
        while (true) {
            Map<String, String> sqlite = TableDigest.sqlite(app);
            Map<String, String> postgres = TableDigest.postgres(pg, schema);
            StringBuilder line = new StringBuilder();
            for (String t : DemoApp.TABLES) {
                line.append(String.format("%s %s/%s  ", t, TableDigest.count(postgres.get(t)), TableDigest.count(sqlite.get(t))));
            }
            Map<String, String> json = TableDigest.files(files);
            Map<String, String> pgJson = TableDigest.postgresFiles(pg, schema);
            StringBuilder fileLine = new StringBuilder();
            for (String t : json.keySet()) {
                fileLine.append(String.format("%s %s/%s  ", t, TableDigest.count(pgJson.get(t)), TableDigest.count(json.get(t))));
            }
            out.println("  Postgres/SQLite rows: " + line.toString().trim() + (writer.isAlive() ? "" : "  (app stopped)"));
            out.println("  Postgres/data/*.json records: " + fileLine.toString().trim());
            out.flush();
            if (!writer.isAlive()) {
                if (sqlite.equals(postgres) && json.equals(pgJson)) {
                    return true;
                }
                deadline = Math.min(deadline, System.nanoTime() + afterWriter.toNanos());
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
            Thread.sleep(1000); // the progress display's refresh interval
        }
    }
}
