package io.cutover.capture.json;

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

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Captures one directory of JSON files. Records carry the same bytes as the SQLite connector's
 * (Debezium-shaped JSON key and value, the table schema in the {@value TableSchema#HEADER} header), so
 * the applier and reconciler need nothing special. The source offset is {@code {seq: V}}: see
 * {@link JsonFileSource} for why only the last record of a file change carries its version.
 */
public class JsonFileSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(JsonFileSourceTask.class);

    private final AtomicLong outstanding = new AtomicLong();
    private volatile boolean stopping;
    private JsonFileConnectorConfig cfg;
    private CaptureMetrics metrics;
    private JsonFileSource files;
    private long position;
    private long lastPruneMs;
    private boolean streaming;

    @Override
    public String version() {
        return io.cutover.capture.SingleTaskConnector.VERSION;
    }

    static Map<String, String> partition(String source) {
        return Map.of("source", source);
    }

    @Override
    public void start(Map<String, String> props) {
        cfg = JsonFileConnectorConfig.from(props);
        metrics = new CaptureMetrics(cfg.sourceName());
        position = storedSeq();
        try {
            files = new JsonFileSource(cfg, metrics, position);
        } catch (IOException e) {
            metrics.error("fatal");
            throw new ConnectException(cfg.sourceName() + ": cannot start JSON capture of " + cfg.dir() + ": " + e.getMessage(), e);
        }
        CaptureStatus.report(cfg.sourceName(), CaptureStatus.Phase.SNAPSHOTTING);
        LOG.info("{}: capturing JSON files in {} from seq {}", cfg.sourceName(), cfg.dir(), position);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        JsonFileSource.Batch batch;
        JsonFileSource src;
        boolean idle;
        synchronized (this) {
            src = files;
            if (src == null || stopping) {
                return null;
            }
            try {
                batch = src.next(System.currentTimeMillis());
                idle = batch == null && src.handledOnce();
                prune();
            } catch (IOException e) {
                // The directory or the state directory failed us (disk full, permissions): retry, say why.
                metrics.error("io");
                LOG.warn("{}: {} (retrying)", cfg.sourceName(), e.toString());
                batch = null;
                idle = false;
            }
        }
        if (batch == null) {
            if (!streaming && idle) {
                streaming = true; // every present file was read once (or found unreadable and is retried)
                CaptureStatus.report(cfg.sourceName(), CaptureStatus.Phase.STREAMING);
            }
            metrics.backlog(outstanding.get());
            src.awaitChange(cfg.pollIntervalMs());
            return null;
        }
        List<SourceRecord> out = new ArrayList<>(batch.emits().size() + 8);
        for (JsonFileSource.Emit e : batch.emits()) {
            out.add(record(e.event(), e.schemaHeader(), false));
            metrics.event(e.event().source().table(), e.event().op().code());
            if (e.event().isDelete()) {
                out.add(record(e.event(), null, true));
            }
            if (e.event().source().snapshot()) {
                metrics.snapshotRows(e.event().source().table(), 1);
            }
        }
        if (out.isEmpty()) {
            // A first look at a file without records: its (empty) state is saved, nothing to send.
            position = batch.version();
            return null;
        }
        // Only the last record reaches the new version: an offset flushed after a partly acknowledged
        // change must not claim the whole change.
        Map<String, Object> reached = Map.of("seq", batch.version());
        Map<String, Object> previous = Map.of("seq", position);
        out.replaceAll(r -> withOffset(r, previous));
        out.set(out.size() - 1, withOffset(out.get(out.size() - 1), reached));
        position = batch.version();
        outstanding.addAndGet(out.size());
        metrics.backlog(outstanding.get());
        return out;
    }

    private SourceRecord record(ChangeEvent ev, byte[] header, boolean tombstone) {
        ConnectHeaders h = new ConnectHeaders();
        if (header != null) {
            h.addBytes(TableSchema.HEADER, header);
        }
        String topic = TopicNames.forTable(cfg.topicPrefix(), cfg.sourceName(), ev.source().table());
        return new SourceRecord(partition(cfg.sourceName()), Map.of("seq", position), topic, null,
                Schema.BYTES_SCHEMA, EnvelopeCodec.encodeKey(ev.key()), Schema.OPTIONAL_BYTES_SCHEMA,
                tombstone ? null : EnvelopeCodec.encodeValue(ev), ev.tsMs(), h);
    }

    private static SourceRecord withOffset(SourceRecord r, Map<String, Object> offset) {
        return new SourceRecord(r.sourcePartition(), offset, r.topic(), r.kafkaPartition(), r.keySchema(), r.key(),
                r.valueSchema(), r.value(), r.timestamp(), r.headers());
    }

    /** States older than the flushed offset are no longer needed; checked about five times a second (the write switch waits on the acknowledged mark it leaves). */
    private void prune() throws IOException {
        long now = System.currentTimeMillis();
        if (now - lastPruneMs < 200) {
            return;
        }
        lastPruneMs = now;
        files.flushed(storedSeq());
    }

    private long storedSeq() {
        Map<String, Object> o = context.offsetStorageReader().offset(partition(cfg.sourceName()));
        return o != null && o.get("seq") instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        outstanding.decrementAndGet();
    }

    @Override
    public void stop() {
        stopping = true;
        try {
            if (files != null) {
                files.close(); // wakes a poll waiting for directory events
            }
        } catch (IOException e) {
            LOG.debug("closing the directory watch: {}", e.getMessage());
        }
        synchronized (this) {
            files = null;
        }
        if (cfg != null) {
            CaptureStatus.clear(cfg.sourceName());
        }
    }
}
