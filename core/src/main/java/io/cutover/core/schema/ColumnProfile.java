package io.cutover.core.schema;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the values stored in a column actually are, as far as capture has seen them. The target type
 * is derived from this (see {@link PgTypeMapping}); a value that does not fit widens the profile.
 *
 * @param classes        storage classes seen (NULL included when a null was seen)
 * @param allBoolean01   every INTEGER seen was 0 or 1 (vacuously true when none was)
 * @param allTimestamps  every non-null value seen parses by {@link TimestampRule} (vacuously true);
 *                       computed only for columns declared DATE/TIME (the only ones the mapping turns into
 *                       timestamptz), false elsewhere once a value exists, because parsing every value of
 *                       every column costs seconds per 200k rows
 */
public record ColumnProfile(Set<StorageClass> classes, boolean allBoolean01, boolean allTimestamps) {
    public ColumnProfile {
        classes = classes.isEmpty() ? EnumSet.noneOf(StorageClass.class) : EnumSet.copyOf(classes);
    }

    public static ColumnProfile empty() {
        return new ColumnProfile(EnumSet.noneOf(StorageClass.class), true, true);
    }

    /** Classes seen, NULL excluded. */
    public Set<StorageClass> valueClasses() {
        EnumSet<StorageClass> s = classes.isEmpty() ? EnumSet.noneOf(StorageClass.class) : EnumSet.copyOf(classes);
        s.remove(StorageClass.NULL);
        return s;
    }

    /** The profile after also seeing {@code other}'s values. */
    public ColumnProfile merge(ColumnProfile other) {
        EnumSet<StorageClass> s = EnumSet.noneOf(StorageClass.class);
        s.addAll(classes);
        s.addAll(other.classes);
        return new ColumnProfile(s, allBoolean01 && other.allBoolean01, allTimestamps && other.allTimestamps);
    }

    /** True when seeing {@code other} would not change this profile. */
    public boolean covers(ColumnProfile other) {
        return merge(other).equals(this);
    }
}
