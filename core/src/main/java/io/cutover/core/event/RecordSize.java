package io.cutover.core.event;

/**
 * The largest Kafka record Cutover produces, change events and dead letters alike, and the
 * {@code max.message.bytes} of the topics it creates. Kafka's 1 MB default would stop capture at the
 * first large row (a 10 MB TEXT value or JSON record), or the applier at its dead letter; 64 MB covers
 * what apps keep in a row. {@code kafka.properties.max.request.size} lowers or raises it for the clients.
 */
public final class RecordSize {
    public static final int MAX_BYTES = 64 << 20;

    private RecordSize() {
    }
}
