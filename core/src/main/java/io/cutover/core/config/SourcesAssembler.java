package io.cutover.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.cutover.core.config.CutoverConfigDef.fileKeys;
import static io.cutover.core.config.CutoverConfigDef.sourceKeys;

/** Builds and checks the {@code sources} list and the {@code --sqlite}/{@code --json-dir} shortcuts. */
final class SourcesAssembler {
    private final Path base;

    SourcesAssembler(Path base) {
        this.base = base;
    }

    List<SourceConfig> assemble(JsonNode list, Path sqliteShortcut, Path jsonDirShortcut) {
        List<SourceConfig> out = new ArrayList<>();
        if (list != null && !list.isNull() && !list.isMissingNode()) {
            if (!list.isArray()) {
                throw new ConfigException("sources", "expected a list of entries, each starting with '- name: ...'");
            }
            for (int i = 0; i < list.size(); i++) {
                out.add(source(list.get(i), "sources[" + i + "]."));
            }
        }
        if (sqliteShortcut != null) {
            out.add(new SourceConfig(nameFrom(sqliteShortcut), existingFile(sqliteShortcut, "sqlite"),
                    null, List.of(), List.of(), List.of()));
        }
        if (jsonDirShortcut != null) {
            out.add(new SourceConfig(nameFrom(jsonDirShortcut), null, existingDir(jsonDirShortcut, "json-dir"),
                    List.of(), List.of(), List.of()));
        }
        Set<String> names = new HashSet<>();
        for (SourceConfig s : out) {
            if (!names.add(s.name())) {
                throw new ConfigException("sources", "two sources are named '" + s.name()
                        + "': names become part of topic names and must be unique");
            }
        }
        return List.copyOf(out);
    }

    private SourceConfig source(JsonNode n, String where) {
        if (!(n instanceof ObjectNode o)) {
            throw new ConfigException(where.substring(0, where.length() - 1), "expected an entry with name and sqlite or json-dir");
        }
        Map<String, JsonNode> v = new LinkedHashMap<>();
        KeyFlattener.flatten(o, sourceKeys(), where, v);
        Object name = typed("name", v, where);
        if (name == null) {
            throw new ConfigException(where + "name", "is required: every source needs a name ([a-z0-9_]+)");
        }
        Path sqlite = (Path) typed("sqlite", v, where);
        Path jsonDir = (Path) typed("json-dir", v, where);
        if ((sqlite == null) == (jsonDir == null)) {
            throw new ConfigException(where.substring(0, where.length() - 1), "source '" + name
                    + "' needs exactly one of sqlite: FILE or json-dir: DIR");
        }
        List<JsonFileSpec> files = new ArrayList<>();
        JsonNode fl = v.get("files");
        if (fl != null && fl.isArray()) {
            for (int i = 0; i < fl.size(); i++) {
                files.add(file(fl.get(i), where + "files[" + i + "]."));
            }
        }
        return new SourceConfig((String) name,
                sqlite == null ? null : existingFile(sqlite, where + "sqlite"),
                jsonDir == null ? null : existingDir(jsonDir, where + "json-dir"),
                list(typed("tables", v, where)), list(typed("exclude", v, where)), files);
    }

    private JsonFileSpec file(JsonNode n, String where) {
        if (!(n instanceof ObjectNode o)) {
            throw new ConfigException(where + "file", "expected an entry with file, table and key");
        }
        Map<String, JsonNode> v = new LinkedHashMap<>();
        KeyFlattener.flatten(o, fileKeys(), where, v);
        String file = (String) typed("file", v, where);
        if (file == null || file.isBlank()) {
            throw new ConfigException(where + "file", "is required: the file name relative to json-dir");
        }
        String table = (String) typed("table", v, where);
        List<JsonFileSpec.Child> children = new ArrayList<>();
        JsonNode cl = v.get("children");
        if (cl != null && !cl.isNull()) {
            if (!cl.isArray()) {
                throw new ConfigException(where + "children", "expected a list of entries, each starting with '- field: ...'");
            }
            for (int i = 0; i < cl.size(); i++) {
                children.add(child(cl.get(i), where + "children[" + i + "]."));
            }
        }
        return new JsonFileSpec(file, table == null ? file.replaceFirst("\\.json$", "") : table,
                list(typed("key", v, where)), (String) typed("records", v, where),
                TypedValues.stringMap(v.get("columns"), where + "columns"), children,
                (Boolean) typed("allow-mass-delete", v, where), (Integer) typed("mass-delete-percent", v, where));
    }

    private JsonFileSpec.Child child(JsonNode n, String where) {
        if (!(n instanceof ObjectNode o)) {
            throw new ConfigException(where + "field", "expected an entry with field and table");
        }
        Map<String, JsonNode> v = new LinkedHashMap<>();
        KeyFlattener.flatten(o, CutoverConfigDef.childKeys(), where, v);
        Map<String, Object> t = new LinkedHashMap<>();
        for (ConfigKey<Object> k : CutoverConfigDef.childKeys()) {
            t.put(k.name(), TypedValues.scalar(k, v.get(k.name()), where + k.name()));
        }
        String field = (String) t.get("field");
        if (field == null || field.isBlank()) {
            throw new ConfigException(where + "field", "is required: the record field that holds the child rows");
        }
        String table = (String) t.get("table");
        return new JsonFileSpec.Child(field, table == null || table.isBlank() ? field : table,
                list(t.get("parent-key")), list(t.get("key")));
    }

    private static Object typed(String key, Map<String, JsonNode> v, String where) {
        List<ConfigKey<Object>> all = new ArrayList<>(sourceKeys());
        all.addAll(fileKeys());
        ConfigKey<Object> k = all.stream().filter(x -> x.name().equals(key)).findFirst().orElseThrow();
        return TypedValues.scalar(k, v.get(key), where + key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        return o == null ? List.of() : List.copyOf((List<String>) o);
    }

    private Path existingFile(Path p, String key) {
        Path abs = base.resolve(p).normalize();
        if (!Files.isRegularFile(abs)) {
            throw new ConfigException(key, "SQLite file " + p + " does not exist (looked at " + abs
                    + "): check the path; relative paths are resolved against the configuration file's directory");
        }
        return abs;
    }

    private Path existingDir(Path p, String key) {
        Path abs = base.resolve(p).normalize();
        if (!Files.isDirectory(abs)) {
            throw new ConfigException(key, "directory " + p + " does not exist (looked at " + abs + "): check the path");
        }
        return abs;
    }

    private static String nameFrom(Path p) {
        String n = p.getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        return n.isEmpty() ? "source" : n;
    }
}
