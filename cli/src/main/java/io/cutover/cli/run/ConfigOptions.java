package io.cutover.cli.run;

import io.cutover.core.config.ConfigKey;
import io.cutover.core.config.ConfigLoader;
import io.cutover.core.config.CutoverConfig;
import io.cutover.core.config.CutoverConfigDef;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration options every pipeline command shares. The flags are not written here: they are
 * generated from the declarations in {@link CutoverConfigDef}, so {@code --help}, the docs and the
 * validation cannot drift apart.
 */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (YAML). Default: ./cutover.yml when it exists.")
    Path configFile;

    private final Map<String, String> overrides = new LinkedHashMap<>();

    /** Adds one option per declared key that has a flag, e.g. {@code --postgres} for postgres.url. */
    public void declareFlags(CommandSpec spec) {
        for (ConfigKey<?> key : CutoverConfigDef.keys()) {
            if (key.flag() == null) {
                continue;
            }
            String def = key.secret() ? "****" : String.valueOf(key.defaultText());
            spec.addOption(OptionSpec.builder(key.flag())
                    .paramLabel(key.paramLabel())
                    .type(String.class)
                    .description(key.doc() + " (config key: " + key.name() + "; default: " + def + ")")
                    .setter(new picocli.CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            if (value != null) {
                                overrides.put(key.name(), value.toString());
                            }
                            return null;
                        }
                    })
                    .build());
        }
    }

    /** Loads the file (if any), the environment and the flags, and validates them. */
    public CutoverConfig load() {
        Path file = configFile;
        if (file == null && Files.exists(Path.of("cutover.yml"))) {
            file = Path.of("cutover.yml");
        }
        return ConfigLoader.load(file, System.getenv(), overrides);
    }
}
