package io.cutover.capture.json;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds data files that changed and have settled. The directory is watched, not the files: apps
 * replace files by rename, which ends a watch on the file itself. Events only wake the task early;
 * every call also scans the directory (size, modification time, inode), which is the fallback for
 * file systems that deliver no events (network mounts, some containers). A file is ready once its
 * fingerprint has been stable for the debounce time, or once it has been changing for
 * {@link #maxWaitMs}: an app saving more often than the debounce time would otherwise never be read.
 * Reading an unsettled file is safe, only wasteful: the reader checks that the fingerprint did not
 * change during the read and that the content parses.
 */
final class DirectoryWatcher implements AutoCloseable {
    /** What identifies one version of a file without reading it. */
    record Fingerprint(long size, long mtimeNanos, Object inode) {
    }

    private record Seen(Fingerprint fp, long sinceMs, long dirtySinceMs) {
    }

    private final Path dir;
    private final Predicate<String> captured;
    private final long debounceMs;
    private final long maxWaitMs;
    private final WatchService watch;
    private final Map<String, Fingerprint> processed = new HashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Long> recheckAt = new HashMap<>();
    private boolean handledOnce;

    DirectoryWatcher(Path dir, Predicate<String> captured, long debounceMs) throws IOException {
        this.dir = dir;
        this.captured = captured;
        this.debounceMs = debounceMs;
        this.maxWaitMs = Math.max(500, 10 * debounceMs);
        WatchService w;
        try {
            w = FileSystems.getDefault().newWatchService();
            dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            w = null; // polling alone still sees every change, only later
        }
        this.watch = w;
    }

    /** The captured files present now whose content may differ from what was last processed and that are stable. */
    Set<String> ready(long nowMs) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Fingerprint> files = scan();
        for (var e : files.entrySet()) {
            String name = e.getKey();
            Fingerprint fp = e.getValue();
            Long due = recheckAt.get(name);
            boolean dirty = !fp.equals(processed.get(name)) || due != null && nowMs >= due;
            if (!dirty) {
                seen.remove(name);
                continue;
            }
            Seen s = seen.get(name);
            long dirtySince = s == null ? nowMs : s.dirtySinceMs();
            if (s == null || !s.fp().equals(fp)) {
                seen.put(name, new Seen(fp, nowMs, dirtySince));
            }
            Seen now = seen.get(name);
            if (nowMs - now.sinceMs() >= debounceMs || nowMs - now.dirtySinceMs() >= maxWaitMs) {
                out.add(name);
            }
        }
        handledOnce = processed.keySet().containsAll(files.keySet());
        return out;
    }

    /**
     * Every file of the last scan has been handled at least once (read, or found unreadable): the
     * first look at the directory is done, even if an app keeps changing its files.
     */
    boolean handledOnce() {
        return handledOnce;
    }

    /** The file's current fingerprint, or null when it is gone. */
    Fingerprint fingerprint(String name) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir.resolve(name), BasicFileAttributes.class);
            return a.isRegularFile() ? new Fingerprint(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                    a.fileKey()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Records that {@code fp} was read and handled. When the modification time is too recent to be
     * sure that a same-size rewrite within the file system's timestamp granularity is told apart,
     * the file is read once more later (unchanged bytes then produce no events).
     */
    void processed(String name, Fingerprint fp, long nowMs) {
        processed.put(name, fp);
        seen.remove(name);
        long mtimeMs = TimeUnit.NANOSECONDS.toMillis(fp.mtimeNanos());
        if (nowMs - mtimeMs < 2000) {
            recheckAt.put(name, Math.max(nowMs + debounceMs, mtimeMs + 2000));
        } else {
            recheckAt.remove(name);
        }
    }

    /** The file could not be used as it is (partial write): try again after {@code delayMs}. */
    void retryLater(String name, Fingerprint fp, long nowMs, long delayMs) {
        processed.put(name, fp);
        seen.remove(name);
        recheckAt.put(name, nowMs + delayMs);
    }

    /** Waits up to {@code maxMs} for a directory event (early wake-up); the caller scans either way. */
    void await(long maxMs) throws InterruptedException {
        if (watch == null) {
            Thread.sleep(maxMs); // no events on this file system: the scan interval is the only clock
            return;
        }
        try {
            WatchKey k = watch.poll(maxMs, TimeUnit.MILLISECONDS);
            if (k != null) {
                k.pollEvents();
                k.reset();
            }
        } catch (ClosedWatchServiceException e) {
            // stopping
        }
    }

    private Map<String, Fingerprint> scan() throws IOException {
        Map<String, Fingerprint> out = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(captured).forEach(n -> {
                Fingerprint fp = fingerprint(n);
                if (fp != null) {
                    out.put(n, fp);
                }
            });
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (watch != null) {
            watch.close();
        }
    }
}
