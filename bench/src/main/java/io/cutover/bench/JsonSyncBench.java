package io.cutover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.applier.Applier;
import io.cutover.applier.ApplierSettings;
import io.cutover.capture.CaptureRunner;
import io.cutover.capture.CaptureSettings;
import io.cutover.capture.json.JsonFileMapping;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.local.LocalPostgresCluster;
import org.postgresql.PGConnection;

import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Initial sync of a JSON {@code data/} directory (users with a nested object and an array mapped to
 * child tables, and flat contracts): Cutover (JSON capture, Kafka, applier, until every row is in
 * Postgres) against what one would write instead, a Java loader that parses the files with Jackson
 * and COPYs the rows into the same four tables, in the same run and Postgres.
 */
final class JsonSyncBench {
    private static final String[] TABLES = {"users", "user_preferences", "user_devices", "contracts"};
    private final int records;

    JsonSyncBench(boolean quick) {
        this.records = Bench.rows(quick ? 20_000 : 200_000);
    }

    void run(PrintStream out) throws Exception {
        try (BenchServices s = new BenchServices()) {
            Path dir = Files.createTempDirectory("cutover-json-");
            Path data = dir.resolve("data");
            long[] rows = AppDataDirectory.create(data, records);
            long total = rows[0] + rows[1] + rows[2] + rows[3];
            s.pg.createDatabase("json_anchor");
            s.pg.createDatabase("json_cutover");
            double anchor = loaderSeconds(s, data);
            double cutover = cutoverSeconds(s, dir, data, total);
            out.printf(Locale.ROOT, "== JSON data/ initial sync: %d records in 2 files, %d rows in 4 tables: Java loader "
                            + "(Jackson + COPY) %.1f s | Cutover to every row applied %.1f s | ratio loader/Cutover %.2f%n",
                    records, total, anchor, cutover, anchor / cutover);
        }
    }

    private static double loaderSeconds(BenchServices s, Path data) throws Exception {
        try (Connection c = DriverManager.getConnection(s.pg.jdbcUrl("json_anchor"), LocalPostgresCluster.SUPERUSER, "")) {
            c.createStatement().execute("CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, active boolean);"
                    + "CREATE TABLE user_preferences (user_id bigint PRIMARY KEY, theme text, language text);"
                    + "CREATE TABLE user_devices (user_id bigint, id text, kind text, PRIMARY KEY (user_id, id));"
                    + "CREATE TABLE contracts (id bigint PRIMARY KEY, user_id bigint, title text, amount double precision, "
                    + "signed_at timestamptz)");
            long t0 = System.nanoTime();
            StringBuilder u = new StringBuilder();
            StringBuilder p = new StringBuilder();
            StringBuilder d = new StringBuilder();
            for (JsonNode r : EnvelopeCodec.MAPPER.readTree(data.resolve("users.json").toFile())) {
                long id = r.get("id").asLong();
                u.append(id).append('\t').append(r.get("email").asText()).append('\t').append(r.get("name").asText())
                        .append('\t').append(r.get("active").asBoolean()).append('\n');
                JsonNode pr = r.get("preferences");
                p.append(id).append('\t').append(pr.get("theme").asText()).append('\t').append(pr.get("language").asText()).append('\n');
                for (JsonNode dev : r.get("devices")) {
                    d.append(id).append('\t').append(dev.get("id").asText()).append('\t').append(dev.get("kind").asText()).append('\n');
                }
            }
            StringBuilder k = new StringBuilder();
            for (JsonNode r : EnvelopeCodec.MAPPER.readTree(data.resolve("contracts.json").toFile())) {
                k.append(r.get("id").asLong()).append('\t').append(r.get("user_id").asLong()).append('\t')
                        .append(r.get("title").asText()).append('\t').append(r.get("amount").asDouble()).append('\t')
                        .append(r.get("signed_at").asText()).append('\n');
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY users FROM STDIN", new StringReader(u.toString()));
            copy.copyIn("COPY user_preferences FROM STDIN", new StringReader(p.toString()));
            copy.copyIn("COPY user_devices FROM STDIN", new StringReader(d.toString()));
            copy.copyIn("COPY contracts FROM STDIN", new StringReader(k.toString()));
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double cutoverSeconds(BenchServices s, Path dir, Path data, long total) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", LocalPostgresCluster.SUPERUSER);
        String url = s.pg.jdbcUrl("json_cutover");
        JsonFileMapping users = new JsonFileMapping("users.json", "users", List.of("id"), "array", Map.of(),
                List.of(new JsonFileMapping.Child("preferences", "user_preferences", List.of("user_id"), List.of()),
                        new JsonFileMapping.Child("devices", "user_devices", List.of("user_id"), List.of("id"))), false, 0.5);
        JsonFileMapping contracts = new JsonFileMapping("contracts.json", "contracts", List.of("id"), "array", Map.of(),
                List.of(), false, 0.5);
        CaptureSettings defaults = CaptureSettings.of(s.bootstrap, dir.resolve("state"), List.of());
        CaptureSettings cs = new CaptureSettings(s.bootstrap, Map.of(), defaults.topicPrefix(), defaults.partitions(),
                defaults.replicationFactor(), defaults.minCompactionLag(), defaults.stateDir(), List.of(),
                defaults.snapshotChunkSize(), defaults.streamBatchSize(), defaults.pollInterval(),
                List.of(new CaptureSettings.JsonDir("files", data, List.of(users, contracts))));
        long t0 = System.nanoTime();
        try (CaptureRunner capture = new CaptureRunner(cs); Applier applier = new Applier(ApplierSettings.of(s.bootstrap, url, p));
             Connection c = DriverManager.getConnection(url, LocalPostgresCluster.SUPERUSER, "")) {
            capture.start();
            applier.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (System.nanoTime() < deadline) {
                long n = 0;
                try (Statement st = c.createStatement()) {
                    for (String t : TABLES) {
                        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM public." + t)) {
                            rs.next();
                            n += rs.getLong(1);
                        }
                    }
                } catch (java.sql.SQLException notYet) {
                    n = -1;
                }
                if (n == total) {
                    return (System.nanoTime() - t0) / 1e9;
                }
                Thread.sleep(100); // polling for completion; well below the measured seconds
            }
        }
        throw new IllegalStateException("Cutover did not apply " + total + " rows within 20 minutes");
    }
}
