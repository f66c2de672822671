package io.cutover.reconciler;

import java.util.List;

/**
 * One row in canonical form.
 *
 * @param key       canonical key values in key order (what rows are matched and ordered by)
 * @param values    canonical values in the table's compared-column order
 * @param sourceKey the key as the source stores it (typed as capture reads it), for looking the row
 *                  up again and for repair; null for a row read from Postgres
 */
public record Row(List<Object> key, List<Object> values, List<Object> sourceKey) {
}
