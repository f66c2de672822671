package io.cutover.core.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresBinariesTest {
    @TempDir
    Path root;

    @Test
    void withNothingFoundTheMessageSaysWhatToInstallOrSet() {
        assertThatThrownBy(() -> PostgresBinaries.find(null, Optional::empty, root.resolve("absent")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PostgreSQL server binaries (initdb, pg_ctl) not found. Install them (Debian/Ubuntu: "
                        + "apt-get install -y postgresql) or set PG_BIN to their directory, or set DATABASE_URL to "
                        + "an existing Postgres.");
    }

    @Test
    void aWrongPgBinIsReportedRatherThanSilentlyReplaced() throws Exception {
        Path good = tools(root.resolve("15/bin"));
        assertThatThrownBy(() -> PostgresBinaries.find(root.resolve("nope").toString(), Optional::empty, root))
                .hasMessageContaining("PG_BIN=" + root.resolve("nope"));
        assertThat(PostgresBinaries.find(good.toString(), Optional::empty, root)).isEqualTo(good);
    }

    @Test
    void picksTheHighestDebianVersionWhenPgConfigHasNoServerTools() throws Exception {
        tools(root.resolve("9/bin"));
        Path newest = tools(root.resolve("16/bin"));
        tools(root.resolve("15/bin"));
        Path clientOnly = Files.createDirectories(root.resolve("usr-bin"));
        assertThat(PostgresBinaries.find(null, () -> Optional.of(clientOnly), root)).isEqualTo(newest);
    }

    private static Path tools(Path bin) throws Exception {
        Files.createDirectories(bin);
        for (String tool : new String[] {"initdb", "pg_ctl"}) {
            Files.createFile(bin.resolve(tool), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        return bin;
    }
}
