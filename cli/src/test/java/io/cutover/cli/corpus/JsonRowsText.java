package io.cutover.cli.corpus;

import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.file.Path;

/** Reads a file's field with plain Jackson, independently of capture. */
final class JsonRowsText {
    private JsonRowsText() {
    }

    static String field(Path file, int record, String field) throws Exception {
        return JsonMapper.builder().build().readTree(file.toFile()).get(record).get(field).textValue();
    }
}
