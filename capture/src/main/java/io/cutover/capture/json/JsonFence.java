package io.cutover.capture.json;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cutover.core.event.EnvelopeCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The write fence of a JSON source. JSON files cannot refuse a write the way SQLite triggers can, so
 * the write switch records the digest of every data file at the fence, and capture emits a file only
 * while its content is the fenced one: a later change (a late write, made by an app that did not
 * follow {@code /v1/routing}) is held, logged and counted as a capture error of kind
 * {@value #LATE_WRITE}, never sent on to Postgres, where it would overwrite newer writes. The file
 * keeps it; nothing is lost, and the operator is told.
 *
 * <p>The fence lives in the source's capture state directory, which the switch (run by the operator
 * on the same host) and capture share.
 */
public final class JsonFence {
    /** The capture error kind counted for every held late write. */
    public static final String LATE_WRITE = "late_write";
    private static final String FILE = "fence.json";

    /**
     * A fence: when it was set and each data file's SHA-256 then.
     *
     * @param digests file name to its content digest at the fence
     */
    public record Fence(long sinceMillis, Map<String, String> digests) {
        /** Whether {@code content} of {@code file} is the fenced content (a file new since the fence is not). */
        public boolean admits(String file, byte[] content) {
            return digest(content).equals(digests.get(file));
        }
    }

    private JsonFence() {
    }

    /** Sets the fence with the given digests, atomically replacing any earlier fence. */
    public static void install(Path stateDir, Map<String, String> digests) throws IOException {
        Files.createDirectories(stateDir);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.write(tmp, EnvelopeCodec.MAPPER.writeValueAsBytes(new Fence(System.currentTimeMillis(), Map.copyOf(digests))));
        Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the fence; true when there was one. */
    public static boolean remove(Path stateDir) throws IOException {
        return Files.deleteIfExists(stateDir.resolve(FILE));
    }

    /** The current fence, if any. */
    public static Optional<Fence> read(Path stateDir) throws IOException {
        try {
            return Optional.of(EnvelopeCodec.MAPPER.readValue(Files.readAllBytes(stateDir.resolve(FILE)),
                    new TypeReference<Fence>() { }));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** SHA-256 of {@code content}, in hex. */
    public static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
