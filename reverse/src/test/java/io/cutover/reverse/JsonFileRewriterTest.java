package io.cutover.reverse;

import io.cutover.capture.json.JsonFileMapping;
import io.cutover.capture.json.JsonSourceView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rewrite of one data file, without a schema (values as the reverse topics carry them). */
class JsonFileRewriterTest {
    private static final JsonFileMapping ARRAY = new JsonFileMapping("t.json", "t", List.of("id"), "array", Map.of(),
            List.of(), false, 0.5);

    @Test
    void aBatchAppliedAgainAfterACrashBeforeItsPositionsWereStoredChangesNothing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "[\n\t{\"id\": 1, \"b\": \"x\", \"a\": 2}\n]\n");
        JsonFileRewriter first = JsonFileRewriter.read(f, ARRAY, null);
        first.upsert(Map.of("id", 1L), row(1L, "y"));
        first.upsert(Map.of("id", 2L), row(2L, "z"));
        first.delete(Map.of("id", 3L));
        assertThat(first.changed()).isTrue();
        Files.write(f, first.bytes());
        String written = Files.readString(f);
        assertThat(written).isEqualTo("[\n\t{\n\t\t\"id\": 1,\n\t\t\"b\": \"y\",\n\t\t\"a\": 2\n\t},\n\t{\n\t\t\"id\": 2,\n\t\t\"a\": 2,\n"
                + "\t\t\"b\": \"z\"\n\t}\n]\n");

        JsonFileRewriter again = JsonFileRewriter.read(f, ARRAY, null);
        again.upsert(Map.of("id", 1L), row(1L, "y"));
        again.upsert(Map.of("id", 2L), row(2L, "z"));
        again.delete(Map.of("id", 3L));
        assertThat(again.changed()).as("the re-applied batch finds its effects in place").isFalse();
        assertThat(new String(again.bytes(), StandardCharsets.UTF_8)).isEqualTo(written);
    }

    @Test
    void aRecordWithAKeyCaptureSeesAsDuplicateIsChangedWhereCaptureReadsIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "[{\"id\":1,\"b\":\"first\"},{\"id\":1,\"b\":\"last\"}]");
        JsonFileRewriter rw = JsonFileRewriter.read(f, ARRAY, null);
        rw.upsert(Map.of("id", 1L), Map.of("id", 1L, "b", "pg"));
        assertThat(new String(rw.bytes(), StandardCharsets.UTF_8)).isEqualTo("[{\"id\":1,\"b\":\"first\"},{\"id\":1,\"b\":\"pg\"}]");
    }

    @Test
    void aDeleteRemovesEveryDuplicateOfItsKeyButNotARecordTheSameBatchInsertedAgain(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "[{\"id\":1,\"b\":\"a\"},{\"id\":2},{\"id\":1,\"b\":\"c\"},{\"id\":3}]");
        JsonFileRewriter rw = JsonFileRewriter.read(f, ARRAY, null);
        rw.delete(Map.of("id", 1L));
        rw.delete(Map.of("id", 3L));
        rw.upsert(Map.of("id", 3L), Map.of("id", 3L, "b", "again"));
        assertThat(new String(rw.bytes(), StandardCharsets.UTF_8)).isEqualTo("[{\"id\":2},{\"id\":3,\"b\":\"again\"}]");
    }

    @Test
    void aSourceWithChildTablesIsRefusedBeforeTheSwitchNamingTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("orders.json"), "[]");
        JsonFileMapping withChildren = new JsonFileMapping("orders.json", "orders", List.of("id"), "array", Map.of(),
                List.of(new JsonFileMapping.Child("lines", "order_lines", null, null)), false, 0.5);
        JsonSourceView view = new JsonSourceView("shop", dir, List.of(withChildren), dir.resolve("state"));
        assertThat(JsonWriteBack.unsupported(view)).contains("shop/orders.json").contains("order_lines")
                .contains("reverse.enabled: false");
        JsonSourceView plain = new JsonSourceView("shop", dir, List.of(ARRAY), dir.resolve("state"));
        assertThat(JsonWriteBack.unsupported(plain)).isNull();
    }

    private static Map<String, Object> row(long id, String b) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("a", 2L);
        r.put("b", b);
        return r;
    }
}
