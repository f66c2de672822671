package io.cutover.core.config;

import java.util.List;
import java.util.regex.Pattern;

import static io.cutover.core.config.ConfigKey.key;

/**
 * Every configuration key, declared once. {@code --help}, docs/CONFIGURATION.md and validation all
 * come from these lists.
 */
public final class CutoverConfigDef {
    public static final String STATE_DIR = "state-dir";
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
    public static final String KAFKA_PREFIX = "kafka.topic-prefix";
    public static final String KAFKA_PARTITIONS = "kafka.partitions";
    public static final String KAFKA_REPLICATION = "kafka.replication-factor";
    public static final String KAFKA_PROPERTIES = "kafka.properties";
    public static final String POSTGRES_URL = "postgres.url";
    public static final String POSTGRES_SCHEMA = "postgres.schema";
    public static final String POSTGRES_CONTROL_SCHEMA = "postgres.control-schema";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_BIND = "http.bind";
    public static final String KAFKA_MIN_COMPACTION_LAG = "kafka.min-compaction-lag";
    public static final String CAPTURE_CHUNK = "capture.snapshot-chunk-size";
    public static final String CAPTURE_BATCH = "capture.batch-size";
    public static final String CAPTURE_POLL = "capture.poll-interval";
    public static final String CAPTURE_WAL = "capture.switch-to-wal";
    public static final String POSTGRES_COLUMN_TYPES = "postgres.column-types";
    public static final String APPLIER_GROUP = "applier.group-id";
    public static final String APPLIER_ERRORS = "applier.errors-mode";
    public static final String APPLIER_BATCH = "applier.batch-size";
    public static final String RECONCILER_INTERVAL = "reconciler.interval";
    public static final String RECONCILER_FULL_PASS = "reconciler.full-pass-interval";
    public static final String RECONCILER_PAGE = "reconciler.page-size";
    public static final String RECONCILER_REPAIR = "reconciler.repair";
    public static final String RECONCILER_ENABLED = "reconciler.enabled";
    public static final String CUTOVER_MAX_LAG = "cutover.max-lag-events";
    public static final String CUTOVER_MAX_PASS_AGE = "cutover.max-clean-pass-age";
    public static final String CUTOVER_DRAIN_TIMEOUT = "cutover.drain-timeout";
    public static final String CUTOVER_ROUTING_GRACE = "cutover.routing-grace";
    public static final String REVERSE_ENABLED = "reverse.enabled";
    public static final String REVERSE_SLOT = "reverse.slot-name";
    public static final String REVERSE_PUBLICATION = "reverse.publication";
    public static final String REVERSE_DRAIN_TIMEOUT = "reverse.drain-timeout";
    public static final String SOURCES = "sources";
    /** Flag-only shortcuts that add one source each. */
    public static final String SQLITE_SHORTCUT = "sqlite";
    public static final String JSON_DIR_SHORTCUT = "json-dir";

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final Pattern TOPIC_PART = Pattern.compile("[A-Za-z0-9_-]+");

    private static final List<ConfigKey<Object>> KEYS = List.of(
            key(STATE_DIR, ConfigType.PATH).def("./.cutover").flag("--state-dir", "DIR")
                    .doc("Where Cutover keeps its local state: the embedded broker's log, a local Postgres cluster, "
                            + "capture offsets and JSON file states.").build(),
            key(KAFKA_BOOTSTRAP, ConfigType.STRING).def("embedded").flag("--kafka", "BOOTSTRAP|embedded")
                    .doc("Kafka bootstrap servers (host:port[,host:port]), or 'embedded' for a single-node broker "
                            + "under the state directory. Env: KAFKA_BOOTSTRAP_SERVERS.")
                    .validate(v -> BootstrapServers.validate((String) v)).build(),
            key(KAFKA_PREFIX, ConfigType.STRING).def("cutover")
                    .doc("Prefix of every topic: <prefix>.<source>.<table>, <prefix>.dlq.")
                    .validate(v -> require(TOPIC_PART.matcher((String) v).matches(),
                            "use only letters, digits, '_' and '-'")).build(),
            key(KAFKA_PARTITIONS, ConfigType.INT).def("1")
                    .doc("Partitions of each table topic capture creates (order is per key).")
                    .validate(v -> require((Integer) v >= 1, "must be at least 1")).build(),
            key(KAFKA_REPLICATION, ConfigType.INT).def("1")
                    .doc("Replication factor of the topics capture creates; 3 on a production cluster.")
                    .validate(v -> require((Integer) v >= 1 && (Integer) v <= Short.MAX_VALUE, "must be at least 1"))
                    .build(),
            key(KAFKA_MIN_COMPACTION_LAG, ConfigType.DURATION).def("7d")
                    .doc("min.compaction.lag.ms of the topics capture creates: how long recent history stays "
                            + "uncompacted, so that a replay of recent changes sees every change, not only the last per key.")
                    .build(),
            key(KAFKA_PROPERTIES, ConfigType.MAP)
                    .doc("Kafka client properties passed through to every producer, consumer and admin client, "
                            + "e.g. security.protocol, sasl.jaas.config, ssl.truststore.location. Values of keys "
                            + "naming a password, secret or JAAS config are masked.").build(),
            key(POSTGRES_URL, ConfigType.STRING).flag("--postgres", "URL|local")
                    .doc("Target Postgres: jdbc:postgresql://host:port/db?user=..&password=.. or "
                            + "postgres://user:pass@host:port/db, or 'local' for a cluster under the state "
                            + "directory. Env: DATABASE_URL.")
                    .validate(v -> DatabaseUrl.parse((String) v)).build(),
            key(POSTGRES_SCHEMA, ConfigType.STRING).def("public")
                    .doc("Postgres schema that receives the migrated tables.").build(),
            key(POSTGRES_CONTROL_SCHEMA, ConfigType.STRING).def("cutover")
                    .doc("Postgres schema of Cutover's own tables: applied offsets, cutover state, reconcile results.")
                    .build(),
            key(POSTGRES_COLUMN_TYPES, ConfigType.MAP)
                    .doc("Per-column Postgres type overrides, table.column: type, e.g. users.settings: jsonb for a "
                            + "TEXT column holding JSON (bigint, double precision, numeric, text, bytea, boolean, "
                            + "timestamptz, jsonb).").build(),
            key(APPLIER_GROUP, ConfigType.STRING).def("cutover-applier")
                    .doc("Consumer group of the appliers; its positions live in <control-schema>.applied_offsets. "
                            + "Run several appliers with one group to share the partitions.").build(),
            key(APPLIER_ERRORS, ConfigType.STRING).def("continue")
                    .doc("A record Postgres rejects: 'continue' dead-letters it to <prefix>.dlq and goes on; "
                            + "'stop' halts the applier with a message saying what to do.")
                    .validate(v -> require(v.equals("continue") || v.equals("stop"), "use continue or stop")).build(),
            key(APPLIER_BATCH, ConfigType.INT).def("10000")
                    .doc("Most records applied in one Postgres transaction: records that arrive while a transaction "
                            + "commits gather into the next, up to this many; a quiet stream is applied record by record.")
                    .validate(v -> require((Integer) v >= 1, "must be at least 1")).build(),
            key(RECONCILER_ENABLED, ConfigType.BOOLEAN).def("true")
                    .doc("Run the continuous reconciler inside 'cutover run'.").build(),
            key(RECONCILER_INTERVAL, ConfigType.DURATION).def("5s")
                    .doc("Time between reconcile rounds: the keys changed on the topics are checked and the differences "
                            + "the pipeline has passed are rechecked.").build(),
            key(RECONCILER_FULL_PASS, ConfigType.DURATION).def("5m")
                    .doc("Time between full passes (every table compared on both sides, in key order).").build(),
            key(RECONCILER_PAGE, ConfigType.INT).def("5000")
                    .doc("Rows per source read transaction and per Postgres fetch in a full pass.")
                    .validate(v -> require((Integer) v >= 1, "must be at least 1")).build(),
            key(RECONCILER_REPAIR, ConfigType.BOOLEAN).def("false")
                    .doc("Repair confirmed mismatches by re-emitting the source's current rows through capture "
                            + "(a changelog entry), in order with live changes. Off by default.").build(),
            key(CUTOVER_MAX_LAG, ConfigType.INT).def("1000")
                    .doc("Readiness gate: most unapplied events per table for reads to flip without --force "
                            + "(also behind cutover_ready and status).")
                    .validate(v -> require((Integer) v >= 0, "must be 0 or more")).build(),
            key(CUTOVER_MAX_PASS_AGE, ConfigType.DURATION).def("1h")
                    .doc("Readiness gate: the oldest clean full reconcile pass that still counts.").build(),
            key(CUTOVER_DRAIN_TIMEOUT, ConfigType.DURATION).def("30s")
                    .doc("switch-writes: longest wait, with writes frozen, for capture and the applier to catch up; "
                            + "past it the switch is abandoned and the sources unfenced.").build(),
            key(CUTOVER_ROUTING_GRACE, ConfigType.DURATION).def("500ms")
                    .doc("switch-writes with JSON sources: how long to wait after /v1/routing says writes: frozen "
                            + "before fencing the files (an app's routing poll interval plus one write in progress). "
                            + "Part of the freeze; SQLite sources need none, their triggers refuse writes.").build(),
            key(REVERSE_ENABLED, ConfigType.BOOLEAN).def("false")
                    .doc("Reverse replication: switch-writes creates a replication slot and publication, 'cutover run' "
                            + "writes Postgres's changes back to the SQLite sources and JSON data files (not JSON child "
                            + "tables), and rollback after the switch loses nothing. Needs wal_level=logical and a user with REPLICATION.").build(),
            key(REVERSE_SLOT, ConfigType.STRING).def("cutover_reverse")
                    .doc("Logical replication slot of the reverse path (pgoutput); dropped by rollback and finalize.")
                    .validate(v -> require(((String) v).matches("[a-z0-9_]{1,63}"), "use 1 to 63 of a-z, 0-9 and '_'"))
                    .build(),
            key(REVERSE_PUBLICATION, ConfigType.STRING).def("cutover_reverse")
                    .doc("Publication of the migrated tables that the reverse path decodes.")
                    .validate(v -> require(((String) v).matches("[a-z0-9_]{1,63}"), "use 1 to 63 of a-z, 0-9 and '_'"))
                    .build(),
            key(REVERSE_DRAIN_TIMEOUT, ConfigType.DURATION).def("60s")
                    .doc("rollback after the switch: longest wait, with writes frozen, for the reverse path to write "
                            + "everything back; past it the rollback is abandoned and writes stay on Postgres.").build(),
            key(CAPTURE_CHUNK, ConfigType.INT).def("5000")
                    .doc("Rows per snapshot chunk; each chunk is one short read transaction on the source.")
                    .validate(v -> require((Integer) v >= 1, "must be at least 1")).build(),
            key(CAPTURE_BATCH, ConfigType.INT).def("500")
                    .doc("Changelog rows per streaming batch (one short read transaction each).")
                    .validate(v -> require((Integer) v >= 1, "must be at least 1")).build(),
            key(CAPTURE_POLL, ConfigType.DURATION).def("50ms")
                    .doc("Wait between polls of an empty changelog; bounds capture latency when idle, and so part of the write freeze.").build(),
            key(CAPTURE_WAL, ConfigType.BOOLEAN).def("false")
                    .doc("Switch SQLite files in rollback-journal mode to WAL at start, so that capture's reads "
                            + "never block the application's writer (capture explains this in its log).").build(),
            key(HTTP_PORT, ConfigType.INT).def("9400").flag("--http-port", "N")
                    .doc("Port of /metrics, /livez and /readyz (0 picks a free port).")
                    .validate(v -> require((Integer) v >= 0 && (Integer) v <= 65535, "must be 0..65535")).build(),
            key(HTTP_BIND, ConfigType.STRING).def("127.0.0.1")
                    .doc("Address the HTTP endpoint binds to; loopback unless you expose it on purpose.").build(),
            key(SQLITE_SHORTCUT, ConfigType.PATH).flag("--sqlite", "PATH")
                    .doc("Shortcut: capture this SQLite file as a source named after the file.").build(),
            key(JSON_DIR_SHORTCUT, ConfigType.PATH).flag("--json-dir", "DIR")
                    .doc("Shortcut: capture the JSON files of this directory as a source named after it.").build(),
            key(SOURCES, ConfigType.LIST)
                    .doc("The sources to capture; each entry has the keys listed under sources[].").build());

    private static final List<ConfigKey<Object>> SOURCE_KEYS = List.of(
            key("name", ConfigType.STRING).doc("Required. Source name, part of topic names: [a-z0-9_]+.")
                    .validate(v -> require(NAME.matcher((String) v).matches(), "use only a-z, 0-9 and '_'")).build(),
            key("sqlite", ConfigType.PATH).doc("A SQLite database file to capture (exactly one of sqlite, json-dir).")
                    .build(),
            key("json-dir", ConfigType.PATH).doc("A directory of JSON data files to capture.").build(),
            key("tables", ConfigType.LIST).doc("Capture only these tables (default: all).").build(),
            key("exclude", ConfigType.LIST).doc("Tables not to capture.").build(),
            key("files", ConfigType.LIST).doc("json-dir only: one entry per file, with the keys under files[].").build());

    private static final List<ConfigKey<Object>> FILE_KEYS = List.of(
            key("file", ConfigType.STRING).doc("Required. File name relative to json-dir.").build(),
            key("table", ConfigType.STRING).doc("Target table (default: the file name without .json).").build(),
            key("key", ConfigType.LIST).def("id").doc("Key field, or a list of fields for a composite key.").build(),
            key("records", ConfigType.STRING).def("auto")
                    .doc("Where the records are: 'array' (root array), 'object' (root object keyed by id; the map key "
                            + "fills the key column), a JSON pointer such as /data/users, or 'auto' (array or object, "
                            + "by the root).").build(),
            key("columns", ConfigType.MAP).doc("Per-column Postgres type overrides, e.g. settings: jsonb "
                    + "(child_table.column for a child table's column).").build(),
            key("children", ConfigType.LIST).doc("Nested fields that become child tables carrying the parent key; "
                    + "each entry has the keys under children[]. Other nested values stay jsonb columns.").build(),
            key("allow-mass-delete", ConfigType.BOOLEAN).def("false")
                    .doc("Release held deletes: apply a change even when it deletes more than mass-delete-percent "
                            + "of the file's records.").build(),
            key("mass-delete-percent", ConfigType.INT).def("50")
                    .doc("A change deleting more than this share of the file's records is held (reported in the log "
                            + "and cutover_capture_held_deletes) until released by allow-mass-delete.")
                    .validate(v -> require((Integer) v >= 1 && (Integer) v <= 100, "must be 1..100")).build());

    private static final List<ConfigKey<Object>> CHILD_KEYS = List.of(
            key("field", ConfigType.STRING).doc("Required. The record's field holding a nested object (1:1) or "
                    + "array (1:n).").build(),
            key("table", ConfigType.STRING).doc("Child table (default: the field name).").build(),
            key("parent-key", ConfigType.LIST).doc("Columns carrying the parent's key, in its order "
                    + "(default: <parent table>_<key field>).").build(),
            key("key", ConfigType.LIST).doc("Arrays of objects: element field(s) that, with the parent key, "
                    + "identify an element (default: the array position, column _index).").build());

    private CutoverConfigDef() {
    }

    public static List<ConfigKey<Object>> keys() {
        return KEYS;
    }

    public static List<ConfigKey<Object>> sourceKeys() {
        return SOURCE_KEYS;
    }

    public static List<ConfigKey<Object>> fileKeys() {
        return FILE_KEYS;
    }

    public static List<ConfigKey<Object>> childKeys() {
        return CHILD_KEYS;
    }

    static void require(boolean ok, String fix) {
        if (!ok) {
            throw new IllegalArgumentException(fix);
        }
    }
}
