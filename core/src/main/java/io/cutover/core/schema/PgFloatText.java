package io.cutover.core.schema;

import java.math.BigDecimal;

/**
 * Renders a double the way Postgres's {@code float8} text output does (shortest round-trip digits;
 * fixed notation when the decimal exponent is in [-4, 15), otherwise {@code 1.5e-07} or
 * {@code 1e+300}; {@code -0}, {@code NaN}, {@code Infinity}). A REAL that lands in a text column is
 * written in this form, which is also what {@code ALTER COLUMN ... TYPE text USING col::text} gives
 * the values already there when a double precision column widens, so both agree.
 */
public final class PgFloatText {
    private PgFloatText() {
    }

    public static String format(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        if (exp >= -4 && exp < 15) {
            return bd.toPlainString();
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = Integer.toString(Math.abs(exp));
        return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}
