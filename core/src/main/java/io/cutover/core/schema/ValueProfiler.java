package io.cutover.core.schema;

import io.cutover.core.event.InvalidText;
import io.cutover.core.event.JsonValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.EnumSet;

/** Profiles single values the same way for capture's first look and for every later change. */
public final class ValueProfiler {
    private ValueProfiler() {
    }

    public static StorageClass classify(Object v) {
        if (v == null) return StorageClass.NULL;
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) return StorageClass.INTEGER;
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) return StorageClass.REAL;
        if (v instanceof String || v instanceof InvalidText) return StorageClass.TEXT;
        if (v instanceof byte[]) return StorageClass.BLOB;
        if (v instanceof Boolean) return StorageClass.BOOLEAN;
        if (v instanceof JsonValue) return StorageClass.JSON;
        throw new IllegalArgumentException("unsupported value type " + v.getClass().getName());
    }

    /** The profile of a single value. */
    public static ColumnProfile of(Object v) {
        StorageClass c = classify(v);
        boolean bool01 = c != StorageClass.INTEGER || (v instanceof Long l && (l == 0 || l == 1))
                || (v instanceof Integer i && (i == 0 || i == 1));
        boolean ts = v == null || TimestampRule.parse(v).isPresent();
        return new ColumnProfile(EnumSet.of(c), bool01, ts);
    }
}
