package io.cutover.reconciler;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads another cursor on its own thread, a few batches ahead, so that one side is read and
 * converted while the caller reads and compares the other: a full pass then costs about as much as
 * reading the slower side, not the sum of both. The wrapped cursor is used by that thread only.
 */
final class Prefetching implements RowCursor {
    private static final List<Row> END = new ArrayList<>();
    private final RowCursor inner;
    private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(4);
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Exception failure;
    private Iterator<Row> current = List.<Row>of().iterator();
    private boolean ended;

    Prefetching(RowCursor inner, int batch) {
        this.inner = inner;
        this.thread = new Thread(() -> produce(batch), "cutover-reconciler-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(int batch) {
        try {
            List<Row> rows = new ArrayList<>(batch);
            for (Row r = inner.next(); r != null && !stopped; r = inner.next()) {
                rows.add(r);
                if (rows.size() == batch) {
                    put(rows);
                    rows = new ArrayList<>(batch);
                }
            }
            put(rows);
        } catch (Exception e) {
            failure = e;
        } finally {
            try {
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(List<Row> rows) throws InterruptedException {
        while (!stopped && !queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
            // the consumer is slower; wait for room unless it has closed
        }
    }

    @Override
    public Row next() throws SQLException {
        while (!current.hasNext()) {
            if (ended) {
                return null;
            }
            List<Row> rows;
            try {
                rows = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while reading", e);
            }
            if (rows == END) {
                ended = true;
                if (failure != null) {
                    throw failure instanceof SQLException se ? se : new SQLException(failure.getMessage(), failure);
                }
                return null;
            }
            current = rows.iterator();
        }
        return current.next();
    }

    @Override
    public void close() throws SQLException {
        stopped = true;
        queue.clear();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inner.close();
    }
}
