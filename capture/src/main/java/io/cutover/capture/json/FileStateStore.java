package io.cutover.capture.json;

import io.cutover.core.event.EnvelopeCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The last states of each file, durably, one file per (data file, version):
 * {@code <dir>/<url-encoded name>.<version>.state}. Written to a temporary file, forced to disk and
 * renamed, so a crash leaves the old or the new state, never half of one.
 *
 * <p>Several versions are kept because the state a restart must diff against is the one whose events
 * Kafka acknowledged <em>and</em> whose offset was flushed, which can trail the newest state; a state
 * older than the flushed offset is no longer needed and is pruned.
 */
final class FileStateStore {
    private static final String SUFFIX = ".state";
    private static final String ACKNOWLEDGED = "acknowledged";
    private final Path dir;
    private long acknowledgedMark = -1;

    FileStateStore(Path dir) {
        this(dir, true);
    }

    /** With {@code create} false, for readers: a missing directory simply holds no states. */
    FileStateStore(Path dir, boolean create) {
        this.dir = dir;
        if (!create) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the JSON state directory " + dir, e);
        }
    }

    void save(FileState s) throws IOException {
        Path target = path(s.file(), s.version());
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        byte[] bytes = EnvelopeCodec.MAPPER.writeValueAsBytes(s);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** The newest readable state of {@code file} at or below {@code maxVersion}. */
    Optional<FileState> load(String file, long maxVersion) {
        List<Long> vs = versions(file);
        for (int i = vs.size() - 1; i >= 0; i--) {
            long v = vs.get(i);
            if (v > maxVersion) {
                continue;
            }
            try {
                return Optional.of(EnvelopeCodec.MAPPER.readValue(path(file, v).toFile(), FileState.class));
            } catch (IOException e) {
                // Cannot happen with rename-into-place; an older state only repeats events, which is harmless.
                org.slf4j.LoggerFactory.getLogger(FileStateStore.class).warn("unreadable state {}: {}", path(file, v), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Removes states above {@code version}: their events were never acknowledged, so they will be diffed again. */
    void discardAbove(String file, long version) throws IOException {
        for (long v : versions(file)) {
            if (v > version) {
                Files.deleteIfExists(path(file, v));
            }
        }
    }

    /** Removes states older than the newest one at or below the flushed offset. */
    void prune(String file, long flushed) throws IOException {
        List<Long> vs = versions(file);
        long keep = vs.stream().filter(v -> v <= flushed).max(Long::compare).orElse(-1L);
        for (long v : vs) {
            if (v < keep) {
                Files.deleteIfExists(path(file, v));
            }
        }
    }

    /**
     * Records the flushed offset beside the states, so that processes other than capture (the
     * reconciler, the write switch) can tell which state's events Kafka has. Written only when it
     * moves, without a forced sync: a marker lost in a crash only trails, which makes readers wait.
     */
    void markAcknowledged(long flushed) throws IOException {
        if (flushed == acknowledgedMark) {
            return;
        }
        Path tmp = dir.resolve(ACKNOWLEDGED + ".tmp");
        Files.writeString(tmp, Long.toString(flushed));
        Files.move(tmp, dir.resolve(ACKNOWLEDGED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        acknowledgedMark = flushed;
    }

    /** The last offset {@link #markAcknowledged} recorded (0 before the first). */
    long acknowledged() {
        try {
            return Long.parseLong(Files.readString(dir.resolve(ACKNOWLEDGED)).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The highest version of any state, so that versions are never reused. */
    long maxVersion() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .mapToLong(FileStateStore::versionOf).max().orElse(0);
        }
    }

    /** Names of the data files that have a state. */
    List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.lastIndexOf('.', n.length() - SUFFIX.length() - 1)))
                    .distinct().map(n -> URLDecoder.decode(n, StandardCharsets.UTF_8)).toList();
        }
    }

    /** The versions stored for {@code file}, ascending. */
    List<Long> versions(String file) {
        String prefix = URLEncoder.encode(file, StandardCharsets.UTF_8) + ".";
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(SUFFIX)
                            && n.substring(prefix.length(), n.length() - SUFFIX.length()).matches("[0-9]+"))
                    .forEach(n -> out.add(versionOf(n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static long versionOf(String name) {
        String n = name.substring(0, name.length() - SUFFIX.length());
        return Long.parseLong(n.substring(n.lastIndexOf('.') + 1));
    }

    private Path path(String file, long version) {
        return dir.resolve(URLEncoder.encode(file, StandardCharsets.UTF_8) + "." + version + SUFFIX);
    }

    private void forceDirectory() {
        // Makes the rename itself durable; some platforms cannot open a directory, which is fine there.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }
}
