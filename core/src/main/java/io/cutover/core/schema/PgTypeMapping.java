package io.cutover.core.schema;

import java.util.Locale;
import java.util.Set;

import static io.cutover.core.schema.StorageClass.BLOB;
import static io.cutover.core.schema.StorageClass.BOOLEAN;
import static io.cutover.core.schema.StorageClass.INTEGER;
import static io.cutover.core.schema.StorageClass.JSON;
import static io.cutover.core.schema.StorageClass.REAL;
import static io.cutover.core.schema.StorageClass.TEXT;

/**
 * The lossless, pgloader-like source-to-Postgres type mapping. Applier and reconciler both call it,
 * so that equal data compares equal. A conversion (boolean, timestamptz, numeric) is chosen only when
 * the stored values prove it safe; otherwise the type that holds every value wins:
 * <pre>
 *  override in configuration             -> that type
 *  any JSON value                        -> jsonb
 *  any BLOB                              -> bytea (text stored beside it as its UTF-8 bytes)
 *  declared BOOL*, all INTEGERs 0/1      -> boolean      (JSON true/false alone -> boolean too)
 *  declared DATE/TIME*, all values parse -> timestamptz  (see TimestampRule; needs at least one value)
 *  any TEXT                              -> text
 *  only INTEGER                          -> bigint       (numeric when declared NUMERIC/DECIMAL)
 *  REAL, or INTEGER and REAL             -> double precision (numeric when declared NUMERIC/DECIMAL)
 *  no values yet                         -> by declared affinity: INT->bigint, REAL/FLOA/DOUB->double
 *                                           precision, NUMERIC/DECIMAL->numeric, BOOL->boolean,
 *                                           BLOB->bytea, otherwise text
 * </pre>
 */
public final class PgTypeMapping {
    private PgTypeMapping() {
    }

    public static PgType targetType(ColumnSchema c, String override) {
        if (override != null && !override.isBlank()) {
            return PgType.fromSql(override);
        }
        String decl = c.declaredType() == null ? "" : c.declaredType().toUpperCase(Locale.ROOT);
        ColumnProfile p = c.profile();
        Set<StorageClass> s = p.valueClasses();
        boolean numericDecl = decl.contains("NUMERIC") || decl.contains("DECIMAL");
        if (s.isEmpty()) {
            return byAffinity(decl, numericDecl);
        }
        if (s.contains(JSON)) return PgType.JSONB;
        if (s.contains(BLOB)) return PgType.BYTEA;
        if (s.equals(Set.of(BOOLEAN))) return PgType.BOOLEAN;
        if (s.contains(BOOLEAN)) return PgType.JSONB;
        if (decl.contains("BOOL") && s.equals(Set.of(INTEGER)) && p.allBoolean01()) return PgType.BOOLEAN;
        if ((decl.contains("DATE") || decl.contains("TIME")) && p.allTimestamps()) return PgType.TIMESTAMPTZ;
        if (s.contains(TEXT)) return PgType.TEXT;
        if (numericDecl) return PgType.NUMERIC;
        if (s.equals(Set.of(INTEGER))) return PgType.BIGINT;
        if (s.contains(REAL)) return PgType.DOUBLE;
        return PgType.TEXT;
    }

    /**
     * The type a column that is {@code existing} should have when the mapping now says {@code wanted}.
     * Profiles only grow, so this only ever widens; a column that already holds anything (text, bytea,
     * jsonb) keeps its type, and the values are converted to it.
     */
    public static PgType widen(PgType existing, PgType wanted) {
        if (existing == wanted || existing == PgType.TEXT || existing == PgType.BYTEA || existing == PgType.JSONB) {
            return existing;
        }
        if (wanted == PgType.TEXT || wanted == PgType.BYTEA || wanted == PgType.JSONB) {
            return wanted;
        }
        if (existing == PgType.BOOLEAN && wanted == PgType.BIGINT) return PgType.BIGINT;
        if (existing == PgType.BIGINT && (wanted == PgType.DOUBLE || wanted == PgType.NUMERIC)) return wanted;
        if (existing == PgType.BOOLEAN && (wanted == PgType.DOUBLE || wanted == PgType.NUMERIC)) return wanted;
        if (existing == PgType.DOUBLE && wanted == PgType.NUMERIC) return PgType.NUMERIC;
        // Anything else (e.g. timestamptz meeting a number it cannot parse) falls back to text.
        return PgType.TEXT;
    }

    /** The USING expression that converts {@code col} from one type to a wider one without loss. */
    public static String usingExpression(String quotedCol, PgType from, PgType to) {
        String src = from == PgType.BOOLEAN ? "(" + quotedCol + ")::int" : quotedCol;
        return switch (to) {
            case TEXT -> "(" + src + ")::text";
            case BYTEA -> "convert_to((" + src + ")::text, 'UTF8')";
            case JSONB -> "to_jsonb(" + quotedCol + ")";
            default -> "(" + src + ")::" + to.sql();
        };
    }

    private static PgType byAffinity(String decl, boolean numericDecl) {
        if (decl.contains("INT")) return PgType.BIGINT;
        if (decl.contains("BOOL")) return PgType.BOOLEAN;
        if (numericDecl) return PgType.NUMERIC;
        if (decl.contains("REAL") || decl.contains("FLOA") || decl.contains("DOUB")) return PgType.DOUBLE;
        if (decl.contains("BLOB")) return PgType.BYTEA;
        return PgType.TEXT;
    }
}
