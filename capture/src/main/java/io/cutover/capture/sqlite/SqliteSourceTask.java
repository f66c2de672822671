package io.cutover.capture.sqlite;

import io.cutover.capture.CaptureMetrics;
import io.cutover.capture.CaptureStatus;
import io.cutover.core.event.ChangeEvent;
import io.cutover.core.event.EnvelopeCodec;
import io.cutover.core.schema.TableSchema;
import io.cutover.core.schema.TopicNames;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Captures one SQLite file: snapshot first (key-ordered chunks), then the trigger changelog.
 * Records are schemaless-in-spirit: key and value are Debezium-shaped JSON as {@code byte[]} with
 * {@link Schema#BYTES_SCHEMA}, so the embedded runner produces them as-is, and in a Kafka Connect
 * cluster {@code ByteArrayConverter} (key, value and header converter) writes the identical bytes.
 */
public class SqliteSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSourceTask.class);

    private volatile AckTracker acks = new AckTracker(0);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private SqliteConnectorConfig cfg;
    private CaptureMetrics metrics;
    private SqliteSource db;
    private int failures;
    private int busyStreak;

    @Override
    public String version() {
        return io.cutover.capture.SingleTaskConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        cfg = SqliteConnectorConfig.from(props);
        metrics = new CaptureMetrics(cfg.sourceName());
        Map<String, Object> offset = context.offsetStorageReader().offset(CaptureOffsets.partition(cfg.sourceName()));
        for (int attempt = 1; db == null; attempt++) {
            try {
                db = new SqliteSource(cfg, metrics, CaptureOffsets.fromOffset(offset));
                acks = new AckTracker(db.ackedSeqAtStart());
            } catch (SQLException e) {
                SQLException c = SqliteFiles.classify(e, cfg.path());
                // Installing triggers needs the write lock; a busy app delays the start, it does not fail it.
                if (SqliteFiles.isBusy(c) && attempt < 30) {
                    metrics.error("busy");
                    LOG.warn("{}: {} (start attempt {}, retrying)", cfg.sourceName(), e.getMessage(), attempt);
                    awaitQuietly(Math.min(2000, 50L << Math.min(attempt, 6)));
                    continue;
                }
                metrics.error("fatal");
                throw new ConnectException(message(c), c);
            }
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SqliteSource.Emit> out;
        try {
            synchronized (this) {
                if (db == null) {
                    return null;
                }
                db.deleteAcknowledged(acks.acked());
                out = db.next();
                db.reportBacklog();
            }
            failures = 0;
            busyStreak = 0;
        } catch (SQLException e) {
            SQLException c = SqliteFiles.classify(e, cfg.path());
            boolean busy = SqliteFiles.isBusy(c);
            metrics.error(c instanceof SqliteFiles.FatalSourceException ? "fatal" : busy ? "busy" : "sql");
            // Lock contention is retried for as long as it lasts; other errors (e.g. a column dropped
            // between a schema check and a read) get a few retries, then stop capture.
            if (c instanceof SqliteFiles.FatalSourceException || (!busy && ++failures > 10)) {
                throw new ConnectException(message(c), c);
            }
            long wait = Math.min(2000, 50L << Math.min(busy ? ++busyStreak : failures, 6));
            LOG.warn("{}: {} (retrying in {} ms)", cfg.sourceName(), e.getMessage(), wait);
            stopping.await(wait, TimeUnit.MILLISECONDS);
            return null;
        }
        if (out.isEmpty()) {
            stopping.await(cfg.pollIntervalMs(), TimeUnit.MILLISECONDS);
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(out.size() + 4);
        for (SqliteSource.Emit e : out) {
            long seq = ((Number) e.offset().get("seq")).longValue();
            records.add(toRecord(e));
            acks.emitted(seq);
            metrics.event(e.event().source().table(), e.event().op().code());
            if (e.event().isDelete()) {
                records.add(tombstone(e));
                acks.emitted(seq);
            }
        }
        return records;
    }

    private SourceRecord toRecord(SqliteSource.Emit e) {
        ChangeEvent ev = e.event();
        ConnectHeaders h = new ConnectHeaders();
        h.addBytes(TableSchema.HEADER, e.schemaHeader());
        return new SourceRecord(CaptureOffsets.partition(cfg.sourceName()), e.offset(), topic(ev), null,
                Schema.BYTES_SCHEMA, EnvelopeCodec.encodeKey(ev.key()), Schema.OPTIONAL_BYTES_SCHEMA,
                EnvelopeCodec.encodeValue(ev), ev.tsMs(), h);
    }

    /** A null value after each delete, so that compaction can drop the key. */
    private SourceRecord tombstone(SqliteSource.Emit e) {
        ChangeEvent ev = e.event();
        return new SourceRecord(CaptureOffsets.partition(cfg.sourceName()), e.offset(), topic(ev), null,
                Schema.BYTES_SCHEMA, EnvelopeCodec.encodeKey(ev.key()), Schema.OPTIONAL_BYTES_SCHEMA, null, ev.tsMs());
    }

    private String topic(ChangeEvent ev) {
        return TopicNames.forTable(cfg.topicPrefix(), cfg.sourceName(), ev.source().table());
    }

    /** Called once Kafka acknowledged the record: its changelog rows may now be deleted. */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Object seq = record.sourceOffset() == null ? null : record.sourceOffset().get("seq");
        if (seq instanceof Number n) {
            acks.acknowledged(n.longValue());
        }
    }

    @Override
    public void stop() {
        stopping.countDown();
        synchronized (this) {
            if (db != null) {
                try {
                    db.deleteAcknowledged(acks.acked());
                } catch (SQLException e) {
                    LOG.debug("changelog rows stay until the next start: {}", e.getMessage());
                }
                db.close();
                db = null;
            }
        }
        if (cfg != null) {
            CaptureStatus.clear(cfg.sourceName());
        }
    }

    private void awaitQuietly(long ms) {
        try {
            stopping.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while starting", ie);
        }
    }

    private String message(SQLException e) {
        return Optional.ofNullable(e.getMessage()).orElse(e.toString());
    }


}
