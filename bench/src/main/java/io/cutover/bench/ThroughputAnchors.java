package io.cutover.bench;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the applier is measured against, in the same run and on the same services:
 * <ul>
 *   <li>a raw COPY from Java: the same rows, held as Java values, written as COPY text and streamed
 *       to an empty table with the same primary key, one transaction, encoding timed with it;</li>
 *   <li>reading the same topic with a plain consumer that does nothing with the records: the floor of
 *       any Kafka-to-Postgres path on this machine.</li>
 * </ul>
 */
final class ThroughputAnchors {
    private ThroughputAnchors() {
    }

    static double copyRowsPerSecond(BenchServices s, int rows) throws Exception {
        HexFormat hex = HexFormat.of();
        try (Connection c = s.connect()) {
            c.createStatement().execute("CREATE TABLE copy_target (id bigint PRIMARY KEY, email text, name text, "
                    + "score double precision, created_at text, avatar bytea)");
            long t0 = System.nanoTime();
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY copy_target FROM STDIN");
            StringBuilder sb = new StringBuilder(1 << 16);
            for (long i = 0; i < rows; i++) {
                Map<String, Object> r = ApplierWorkload.row(i);
                sb.append(r.get("id")).append('\t').append(r.get("email")).append('\t').append(r.get("name"))
                        .append('\t').append(r.get("score")).append('\t').append(r.get("created_at"))
                        .append("\t\\\\x").append(hex.formatHex((byte[]) r.get("avatar"))).append('\n');
                if (sb.length() > 60_000 || i == rows - 1) {
                    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(b, 0, b.length);
                    sb.setLength(0);
                }
            }
            in.endCopy();
            return rows / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double consumeRowsPerSecond(BenchServices s, String topic, long records) {
        Map<String, Object> props = Map.of("bootstrap.servers", s.bootstrap, "group.id", "bench-floor",
                "auto.offset.reset", "earliest", "enable.auto.commit", false, "max.poll.records", 2000);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long t0 = System.nanoTime();
            c.subscribe(List.of(topic));
            long seen = 0;
            while (seen < records) {
                ConsumerRecords<byte[], byte[]> got = c.poll(Duration.ofMillis(100));
                seen += got.count();
                if (System.nanoTime() - t0 > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("read only " + seen + " of " + records + " records");
                }
            }
            return records / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
