package io.cutover.core.event;

/**
 * A nested JSON object or array (from a JSON file, or a column mapped to jsonb), kept as its JSON
 * text. Equality is textual; semantic comparison (key order) is the reconciler's job.
 */
public record JsonValue(String json) {
}
