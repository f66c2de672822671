package io.cutover.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.cli.pipeline.JsonRows;
import io.cutover.cli.pipeline.TableDump;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The independent comparison at the end: each side dumped without Cutover's readers or type mapping
 * (SQLite through its JDBC driver, JSON files through plain Jackson, Postgres through JDBC and
 * {@code to_jsonb}), matched by key, and counted as lost (in the source, not in Postgres), extra (in
 * Postgres only) and different.
 */
final class SideBySide {
    private SideBySide() {
    }

    /** Counts over all compared tables, with a few keys of each kind for the failure message. */
    record Counts(long compared, long lost, long extra, long different, List<String> examples) {
        Counts plus(Counts o) {
            List<String> ex = new ArrayList<>(examples);
            ex.addAll(o.examples);
            return new Counts(compared + o.compared, lost + o.lost, extra + o.extra, different + o.different,
                    ex.subList(0, Math.min(ex.size(), 20)));
        }
    }

    static Counts sqlite(Path db, Connection pg, Map<String, List<String>> keysByTable) throws Exception {
        Counts all = new Counts(0, 0, 0, 0, List.of());
        try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (var e : new TreeMap<>(keysByTable).entrySet()) {
                String t = e.getKey();
                all = all.plus(compare(t, TableDump.keyed(lite, "SELECT * FROM " + t, e.getValue()),
                        TableDump.keyed(pg, "SELECT * FROM public." + t, e.getValue())));
            }
        }
        return all;
    }

    /** Each file {@code <table>.json} holds a root array of records keyed by {@code id}. */
    static Counts json(Path dataDir, Connection pg, List<String> tables) throws Exception {
        Counts all = new Counts(0, 0, 0, 0, List.of());
        for (String t : tables) {
            Map<String, String> file = new HashMap<>();
            for (JsonNode r : JsonRows.MAPPER.readTree(dataDir.resolve(t + ".json").toFile())) {
                file.put(r.get("id").asText(), JsonRows.row((ObjectNode) r));
            }
            Map<String, String> postgres = new HashMap<>();
            try (ResultSet rs = pg.createStatement().executeQuery("SELECT id::text, to_jsonb(x)::text FROM public." + t + " x")) {
                while (rs.next()) {
                    postgres.put(rs.getString(1), JsonRows.row((ObjectNode) JsonRows.MAPPER.readTree(rs.getString(2))));
                }
            }
            all = all.plus(compare(t, file, postgres));
        }
        return all;
    }

    /** The app's own log of acknowledged writes: each live row's last version must be in Postgres. */
    static Counts acknowledged(Map<String, Map<String, Long>> acked, Connection pg, Map<String, List<String>> keysByTable)
            throws Exception {
        Counts all = new Counts(0, 0, 0, 0, List.of());
        for (var e : new TreeMap<>(acked).entrySet()) {
            String key = String.join(" || '|' || ", keysByTable.get(e.getKey()).stream().map(k -> k + "::text").toList());
            Map<String, String> postgres = new HashMap<>();
            try (ResultSet rs = pg.createStatement().executeQuery("SELECT " + key + ", ver FROM public." + e.getKey())) {
                while (rs.next()) {
                    postgres.put(rs.getString(1), "ver " + rs.getLong(2));
                }
            }
            Map<String, String> app = new HashMap<>();
            e.getValue().forEach((k, v) -> app.put(k, "ver " + v));
            all = all.plus(compare(e.getKey() + " (acknowledged)", app, postgres));
        }
        return all;
    }

    private static Counts compare(String table, Map<String, String> source, Map<String, String> postgres) {
        long lost = 0;
        long extra = 0;
        long different = 0;
        List<String> ex = new ArrayList<>();
        for (var s : source.entrySet()) {
            String p = postgres.get(s.getKey());
            if (p == null) {
                lost++;
                note(ex, table + " lost " + s.getKey());
            } else if (!p.equals(s.getValue())) {
                different++;
                note(ex, table + " different " + s.getKey() + ": source " + s.getValue() + " postgres " + p);
            }
        }
        for (String k : postgres.keySet()) {
            if (!source.containsKey(k)) {
                extra++;
                note(ex, table + " extra " + k);
            }
        }
        return new Counts(source.size(), lost, extra, different, ex);
    }

    private static void note(List<String> ex, String s) {
        if (ex.size() < 5) {
            ex.add(s);
        }
    }
}
