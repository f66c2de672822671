package io.cutover.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the PostgreSQL server binaries: {@code PG_BIN}, {@code pg_config --bindir}, or Debian's layout. */
final class PostgresBinaries {
    static final String MISSING = "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them "
            + "(Debian/Ubuntu: apt-get install -y postgresql) or set PG_BIN to their directory, or set "
            + "DATABASE_URL to an existing Postgres.";

    private PostgresBinaries() {
    }

    static Path find() {
        return fromEnv().or(PostgresBinaries::fromPgConfig).or(PostgresBinaries::fromDebianLayout)
                .orElseThrow(() -> new IllegalStateException(MISSING));
    }

    private static Optional<Path> fromEnv() {
        return Optional.ofNullable(System.getenv("PG_BIN")).map(Path::of).filter(PostgresBinaries::hasInitdb);
    }

    private static Optional<Path> fromPgConfig() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Optional.of(Path.of(out)).filter(PostgresBinaries::hasInitdb) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Path> fromDebianLayout() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(PostgresBinaries::hasInitdb)
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

    private static boolean hasInitdb(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }
}
