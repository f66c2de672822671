package io.cutover.reverse;

import io.cutover.capture.AtomicFileOffsetStore;
import io.cutover.control.MigratedTables;

import java.util.Collection;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The embedded engine's properties for Debezium's Postgres connector on the reverse path. */
final class ReverseEngineProperties {
    private ReverseEngineProperties() {
    }

    static Properties of(ReverseSettings s, Collection<MigratedTables.Table> tables) {
        Properties p = new Properties();
        p.setProperty("name", "cutover-reverse");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", AtomicFileOffsetStore.class.getName());
        p.setProperty("offset.storage.file.filename", offsetFile(s).toString());
        // Each flush confirms the LSN to the slot, which releases WAL; a restart repeats at most this
        // much, and the write-back is idempotent.
        p.setProperty("offset.flush.interval.ms", "250");
        p.setProperty("database.hostname", s.postgres().host());
        p.setProperty("database.port", Integer.toString(s.postgres().port()));
        p.setProperty("database.dbname", s.postgres().database());
        p.setProperty("database.user", s.postgres().user());
        s.postgres().password().ifPresent(pw -> p.setProperty("database.password", pw));
        p.setProperty("topic.prefix", s.topicPrefix() + "-reverse");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", s.slotName());
        p.setProperty("publication.name", s.publication());
        // The slot and publication are ReplicationSetup's, made while writes were frozen: the
        // connector must neither create a publication of its own nor drop the slot when it stops.
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("slot.drop.on.stop", "false");
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty("table.include.list", Stream.concat(
                tables.stream().map(t -> regex(t.targetSchema()) + "\\." + regex(t.targetTable())),
                Stream.of(regex(s.controlSchema()) + "\\." + ReplicationSetup.MARKER_TABLE)).collect(Collectors.joining(",")));
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("decimal.handling.mode", "precise");
        // A heartbeat confirms the slot's position while the migrated tables are quiet, so the WAL
        // other tables write is not retained for nothing.
        p.setProperty("heartbeat.interval.ms", "10000");
        // How long the connector waits for more changes before handing a batch over: part of the
        // rollback freeze, which drains the path.
        p.setProperty("poll.interval.ms", "50");
        // A lost connection ends the engine instead of reconnecting: rollback and finalize drop the
        // slot, and a reconnect would make it again.
        p.setProperty("errors.max.retries", "0");
        return p;
    }

    static java.nio.file.Path offsetFile(ReverseSettings s) {
        return s.stateDir().resolve("reverse.offsets");
    }

    /** A name as a regular expression that matches only itself (Debezium's include lists are regexes). */
    private static String regex(String name) {
        return name.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1");
    }
}
