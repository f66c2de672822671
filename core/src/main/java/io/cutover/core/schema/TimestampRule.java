package io.cutover.core.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * The one rule deciding whether a stored value is a timestamp, shared by type mapping, applier and
 * reconciler so that they agree.
 * <ul>
 *   <li>Text: {@code YYYY-MM-DD}, or {@code YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]]} with an optional
 *       zone ({@code Z} or {@code +HH:MM}); no zone means UTC, as SQLite's {@code datetime()} writes.</li>
 *   <li>Integers: Unix epoch seconds when |v| &lt; 100,000,000,000 (before the year 5138), else
 *       milliseconds (JavaScript's {@code Date.now()}).</li>
 *   <li>REALs: Unix epoch seconds with a fraction.</li>
 * </ul>
 * Anything else (BLOBs, other text, non-finite numbers, instants outside Postgres's timestamptz range)
 * is not a timestamp.
 */
public final class TimestampRule {
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    /** Postgres timestamptz's range: a value outside it is not a timestamp Postgres can hold. */
    private static final Instant PG_MIN = Instant.parse("-4713-11-24T00:00:00Z");
    private static final Instant PG_MAX = Instant.parse("+294276-12-31T23:59:59Z");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();

    private TimestampRule() {
    }

    public static Optional<Instant> parse(Object v) {
        try {
            return parseUnchecked(v).filter(i -> !i.isBefore(PG_MIN) && !i.isAfter(PG_MAX));
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Optional.empty(); // e.g. 2^63-1 milliseconds: beyond any instant, so not a timestamp
        }
    }

    private static Optional<Instant> parseUnchecked(Object v) {
        if (v instanceof Long l) {
            return Optional.of(Math.abs(l) < MILLIS_THRESHOLD ? Instant.ofEpochSecond(l) : Instant.ofEpochMilli(l));
        }
        if (v instanceof Integer i) {
            return Optional.of(Instant.ofEpochSecond(i));
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d) || Math.abs(d) >= MILLIS_THRESHOLD) {
                return Optional.empty();
            }
            long secs = (long) Math.floor(d);
            return Optional.of(Instant.ofEpochSecond(secs, Math.round((d - secs) * 1e9)));
        }
        if (v instanceof String s) {
            return parseText(s.trim());
        }
        return Optional.empty();
    }

    private static Optional<Instant> parseText(String s) {
        if (s.length() < 10 || s.length() > 40) {
            return Optional.empty();
        }
        try {
            if (s.length() == 10) {
                return Optional.of(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            var parsed = LOCAL.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime odt) {
                return Optional.of(odt.toInstant());
            }
            return Optional.of(((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
