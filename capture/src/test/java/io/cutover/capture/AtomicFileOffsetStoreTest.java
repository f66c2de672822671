package io.cutover.capture;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileOffsetStoreTest {
    @TempDir
    Path dir;

    private AtomicFileOffsetStore store(Path file) {
        AtomicFileOffsetStore s = new AtomicFileOffsetStore();
        s.configure(new StandaloneConfig(Map.of("bootstrap.servers", "localhost:1",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "offset.storage.file.filename", file.toString())));
        s.start();
        return s;
    }

    private static ByteBuffer b(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void offsetsSurviveARestartAndTheFileIsReplacedAtomically() throws Exception {
        Path file = dir.resolve("app.offsets");
        AtomicFileOffsetStore s = store(file);
        s.set(Map.of(b("k"), b("v1")), null).get();
        s.set(Map.of(b("k"), b("v2"), b("gone"), b("x")), null).get();
        s.stop();
        assertThat(file.resolveSibling("app.offsets.tmp")).doesNotExist();
        AtomicFileOffsetStore again = store(file);
        assertThat(again.get(List.of(b("k"), b("gone"))).get()).containsEntry(b("k"), b("v2")).containsEntry(b("gone"), b("x"));
        again.stop();
    }

    @Test
    void aDamagedFileFailsWithAMessageThatSaysWhatToDo() throws Exception {
        Path file = Files.write(dir.resolve("bad.offsets"), new byte[]{0x43, 0x55, 0x54, 0x31, 0, 0, 0, 5, 0});
        assertThatThrownBy(() -> store(file)).isInstanceOf(ConnectException.class).hasMessageContaining("delete the file");
    }
}
