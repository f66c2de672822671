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
    /** The digests of the files reverse replication wrote while fenced: its own rewrites, not late writes. */
    private static final String OWN = "fence-writeback.json";
    /** Digests remembered per file: capture may read a rewrite after the next one was recorded. */
    private static final int OWN_KEPT = 32;

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

    /** Removes the fence (and the record of reverse replication's rewrites); true when there was one. */
    public static boolean remove(Path stateDir) throws IOException {
        boolean had = Files.deleteIfExists(stateDir.resolve(FILE));
        Files.deleteIfExists(stateDir.resolve(OWN));
        return had;
    }

    /**
     * Records that reverse replication is about to write {@code digest} into {@code file}, before it
     * renames the file into place: capture then holds that content silently instead of counting it as
     * a late write. Held, never admitted: while the fence stands, writes are on Postgres, and sending
     * the file forward would put its older values over newer Postgres writes.
     */
    public static synchronized void recordOwnWrite(Path stateDir, String file, String digest) throws IOException {
        Map<String, java.util.List<String>> own = new java.util.LinkedHashMap<>(ownWrites(stateDir));
        java.util.List<String> kept = new java.util.ArrayList<>(own.getOrDefault(file, java.util.List.of()));
        kept.remove(digest);
        kept.add(digest);
        own.put(file, kept.subList(Math.max(0, kept.size() - OWN_KEPT), kept.size()));
        Path tmp = stateDir.resolve(OWN + ".tmp");
        Files.write(tmp, EnvelopeCodec.MAPPER.writeValueAsBytes(own));
        Files.move(tmp, stateDir.resolve(OWN), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether {@code content} of {@code file} is one reverse replication wrote (see {@link #recordOwnWrite}). */
    public static boolean ownWrite(Path stateDir, String file, String digest) throws IOException {
        return ownWrites(stateDir).getOrDefault(file, java.util.List.of()).contains(digest);
    }

    private static Map<String, java.util.List<String>> ownWrites(Path stateDir) throws IOException {
        try {
            return EnvelopeCodec.MAPPER.readValue(Files.readAllBytes(stateDir.resolve(OWN)),
                    new TypeReference<Map<String, java.util.List<String>>>() { });
        } catch (NoSuchFileException e) {
            return Map.of();
        }
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
