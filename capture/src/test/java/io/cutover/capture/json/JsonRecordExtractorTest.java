package io.cutover.capture.json;

import io.cutover.core.event.JsonValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRecordExtractorTest {
    private static Map<String, Map<String, Map<String, Object>>> extract(JsonFileMapping m, String json) throws Exception {
        return new JsonRecordExtractor(m).extract(JsonValues.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void topLevelScalarsBecomeTypedColumnsAndNestedValuesJsonb() throws Exception {
        var t = extract(JsonFileMapping.inferred("users.json"),
                "[{\"id\":1,\"name\":\"a\",\"active\":true,\"score\":1.5,\"tags\":[\"x\"],\"prefs\":{\"dark\":true},\"nick\":null}]");
        Map<String, Object> row = t.get("users").values().iterator().next();
        assertThat(row).containsEntry("id", 1L).containsEntry("name", "a").containsEntry("active", true)
                .containsEntry("score", 1.5).containsEntry("tags", new JsonValue("[\"x\"]"))
                .containsEntry("prefs", new JsonValue("{\"dark\":true}")).containsEntry("nick", null);
    }

    @Test
    void numbersADoubleCannotHoldExactlyStayExact() throws Exception {
        var t = extract(JsonFileMapping.inferred("n.json"),
                "[{\"id\":1,\"big\":123456789012345678901234567890,\"pi\":3.14159265358979323846,\"half\":0.5}]");
        Map<String, Object> row = t.get("n").values().iterator().next();
        assertThat(row.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(row.get("pi")).isEqualTo(new BigDecimal("3.14159265358979323846"));
        assertThat(row.get("half")).isEqualTo(0.5);
    }

    @Test
    void recordsSharingAKeyAreCountedSoTheDroppedOneIsNeverSilent() throws Exception {
        JsonRecordExtractor x = new JsonRecordExtractor(JsonFileMapping.inferred("d.json"));
        var t = x.extract(JsonValues.parse("[{\"id\":7,\"v\":1},{\"id\":8},{\"id\":7,\"v\":2}]".getBytes(StandardCharsets.UTF_8)));
        assertThat(t.get("d").get("{\"id\":7}")).containsEntry("v", 2L);
        assertThat(x.duplicates()).isEqualTo(1);
        assertThat(x.lastDuplicate()).isEqualTo("{\"id\":7}");
        x.extract(JsonValues.parse("[{\"id\":7}]".getBytes(StandardCharsets.UTF_8)));
        assertThat(x.duplicates()).as("counted per read").isZero();
    }

    @Test
    void rootObjectKeyedByIdUsesTheMapKey() throws Exception {
        var m = new JsonFileMapping("threads.json", "threads", List.of("thread_id"), "object", null, null, false, 0.5);
        var t = extract(m, "{\"t1\":{\"title\":\"hi\"},\"t2\":{\"title\":\"yo\",\"thread_id\":\"ignored\"}}");
        assertThat(t.get("threads")).containsOnlyKeys("{\"thread_id\":\"t1\"}", "{\"thread_id\":\"t2\"}");
        assertThat(t.get("threads").get("{\"thread_id\":\"t2\"}")).containsEntry("thread_id", "t2").containsEntry("title", "yo");
    }

    @Test
    void recordsAtAJsonPointerWithACompositeKey() throws Exception {
        var m = new JsonFileMapping("c.json", "contracts", List.of("org", "no"), "/data/contracts", null, null, false, 0.5);
        var t = extract(m, "{\"version\":3,\"data\":{\"contracts\":[{\"org\":\"a\",\"no\":1,\"v\":2}]}}");
        assertThat(t.get("contracts")).containsOnlyKeys("{\"org\":\"a\",\"no\":1}");
    }

    @Test
    void nestedObjectsAndArraysBecomeChildTablesCarryingTheParentKey() throws Exception {
        var m = new JsonFileMapping("users.json", "users", List.of("id"), "array", null, List.of(
                new JsonFileMapping.Child("onboarding", "user_onboarding", List.of("user_id"), null),
                new JsonFileMapping.Child("devices", "user_devices", List.of("user_id"), List.of("device_id")),
                new JsonFileMapping.Child("emails", "user_emails", null, null)), false, 0.5);
        var t = extract(m, "[{\"id\":7,\"name\":\"a\",\"onboarding\":{\"step\":2,\"done\":false},"
                + "\"devices\":[{\"device_id\":\"d1\",\"os\":\"ios\"},{\"device_id\":\"d2\",\"os\":\"android\"}],"
                + "\"emails\":[\"a@x\",\"b@x\"]}]");
        assertThat(t.get("users").get("{\"id\":7}")).containsOnlyKeys("id", "name");
        assertThat(t.get("user_onboarding").get("{\"user_id\":7}")).containsEntry("step", 2L).containsEntry("done", false);
        assertThat(t.get("user_devices")).containsOnlyKeys("{\"user_id\":7,\"device_id\":\"d1\"}",
                "{\"user_id\":7,\"device_id\":\"d2\"}");
        assertThat(t.get("user_emails").get("{\"users_id\":7,\"_index\":1}")).containsEntry("value", "b@x");
    }

    @Test
    void aRecordWithoutItsKeyIsSkippedNotFatal() throws Exception {
        var x = new JsonRecordExtractor(JsonFileMapping.inferred("u.json"));
        var t = x.extract(JsonValues.parse("[{\"id\":1},{\"name\":\"no id\"}]".getBytes(StandardCharsets.UTF_8)));
        assertThat(t.get("u")).hasSize(1);
        assertThat(x.skipped()).isEqualTo(1);
    }

    @Test
    void aChildElementWithoutItsKeyIsSkippedRatherThanGivenANullKey() throws Exception {
        var m = new JsonFileMapping("users.json", "users", null, null, null, List.of(
                new JsonFileMapping.Child("devices", "user_devices", List.of("user_id"), List.of("device_id"))), false, 0.5);
        var x = new JsonRecordExtractor(m);
        var t = x.extract(JsonValues.parse("[{\"id\":1,\"devices\":[{\"device_id\":\"a\"},{\"os\":\"ios\"}]}]"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(t.get("user_devices")).containsOnlyKeys("{\"user_id\":1,\"device_id\":\"a\"}");
        assertThat(x.skipped()).isEqualTo(1);
    }

    @Test
    void truncatedOrHalfWrittenFilesDoNotParse() {
        assertThatThrownBy(() -> JsonValues.parse(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> JsonValues.parse("[{\"id\":1},{\"id\"".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> JsonValues.parse("[{\"id\":1}] [".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFileOfTheWrongShapeIsRefusedNotReadAsEmpty() {
        assertThatThrownBy(() -> extract(new JsonFileMapping("u.json", null, null, "array", null, null, false, 0.5),
                "{\"id\":1}")).isInstanceOf(JsonRecordExtractor.ShapeException.class);
    }

    @Test
    void editorSwapBackupAndTempFilesAreNotDataFiles() {
        assertThat(DataFileNames.isDataFile("users.json")).isTrue();
        assertThat(DataFileNames.isDataFile("chat-threads.json")).isTrue();
        for (String n : List.of(".users.json.swp", "users.json~", "#users.json#", "users.json.tmp", "users.tmp.json",
                ".users.json", "users.json.bak", "users.bak.json", "users.tmp-123.json", "notes.txt")) {
            assertThat(DataFileNames.isDataFile(n)).as(n).isFalse();
        }
    }
}
