package io.cutover.core.event;

/**
 * The {@code source} block of the envelope: where and when a change was captured.
 *
 * @param connector {@code sqlite} or {@code jsonfile}
 * @param name      the configured source name
 * @param table     the source table name, unsanitised
 * @param seq       the source's stream position, non-decreasing in emission order; a snapshot row carries
 *                  the position at which it was read, so "the applier has passed seq S" means every
 *                  change recorded up to S has been applied (the reconciler and control rely on this)
 * @param tsMs      when the change was captured (epoch millis)
 * @param snapshot  {@code true} for snapshot reads, {@code false} for streamed changes
 */
public record SourceInfo(String connector, String name, String table, long seq, long tsMs, boolean snapshot) {
    public static final String SQLITE = "sqlite";
    public static final String JSONFILE = "jsonfile";
}
