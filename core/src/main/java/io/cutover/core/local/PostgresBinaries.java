package io.cutover.core.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Finds the PostgreSQL server binaries: {@code PG_BIN}, {@code pg_config --bindir}, or Debian's layout. */
public final class PostgresBinaries {
    static final String MISSING = "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them "
            + "(Debian/Ubuntu: apt-get install -y postgresql) or set PG_BIN to their directory, or set "
            + "DATABASE_URL to an existing Postgres.";
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private PostgresBinaries() {
    }

    /** The directory holding initdb and pg_ctl; throws {@link IllegalStateException} saying what to do. */
    public static Path find() {
        return find(System.getenv("PG_BIN"), PostgresBinaries::fromPgConfig, DEBIAN_ROOT);
    }

    static Path find(String pgBin, Supplier<Optional<Path>> pgConfig, Path debianRoot) {
        if (pgBin != null && !pgBin.isBlank()) {
            // An explicit PG_BIN that is wrong is a mistake to report, not a reason to pick another version.
            Path dir = Path.of(pgBin.trim());
            if (!hasTools(dir)) {
                throw new IllegalStateException("PG_BIN=" + pgBin + " does not contain executable initdb and pg_ctl. "
                        + "Point PG_BIN at the PostgreSQL server bin directory (e.g. /usr/lib/postgresql/15/bin), "
                        + "or unset it.");
            }
            return dir;
        }
        return pgConfig.get().filter(PostgresBinaries::hasTools).or(() -> fromDebianLayout(debianRoot))
                .orElseThrow(() -> new IllegalStateException(MISSING));
    }

    private static Optional<Path> fromPgConfig() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            // pg_config from libpq-dev alone points at /usr/bin, which has no initdb: hasTools filters it.
            return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(Path.of(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Path> fromDebianLayout(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(PostgresBinaries::hasTools)
                    .max(Comparator.comparingInt(PostgresBinaries::major));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean hasTools(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }
}
