package io.cutover.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One source: a SQLite file or a directory of JSON files.
 *
 * @param sqlite  the database file, or null for a JSON source
 * @param jsonDir the data directory, or null for a SQLite source
 */
public record SourceConfig(String name, Path sqlite, Path jsonDir, List<String> tables, List<String> exclude,
                           List<JsonFileSpec> files) {
    public boolean isSqlite() {
        return sqlite != null;
    }
}
