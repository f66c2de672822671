package io.cutover.reverse;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How a data file is laid out as text, so that a rewrite looks like the app's own writes: its
 * indentation (that of its first indented line: spaces or a tab; none for a file on one line) and
 * whether it ends with a newline. Indented output spaces {@code "key": value} as
 * {@code JSON.stringify(value, null, indent)} does, and writes empty arrays and objects as {@code []}
 * and {@code {}}.
 */
record JsonLayout(String indent, boolean finalNewline) {
    static JsonLayout of(String text) {
        String trimmed = text.trim();
        int end = text.indexOf(trimmed) + trimmed.length();
        int nl = text.indexOf('\n');
        if (nl < 0 || nl >= end) {
            return new JsonLayout("", text.endsWith("\n"));
        }
        int i = nl + 1;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return new JsonLayout(text.substring(nl + 1, i), text.endsWith("\n"));
    }

    byte[] write(ObjectMapper mapper, JsonNode root) throws IOException {
        String out;
        if (indent.isEmpty()) {
            out = mapper.writeValueAsString(root);
        } else {
            DefaultIndenter in = new DefaultIndenter(indent, "\n");
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("").withObjectEmptySeparator(""))
                    .withObjectIndenter(in).withArrayIndenter(in);
            out = mapper.writer(pp).writeValueAsString(root);
        }
        return (finalNewline ? out + "\n" : out).getBytes(StandardCharsets.UTF_8);
    }
}
