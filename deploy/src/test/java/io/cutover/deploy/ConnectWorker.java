package io.cutover.deploy;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A Kafka Connect standalone worker in its own JVM, with Kafka's jars on its class path but none of
 * Cutover's or the libraries the plugin ships: the connectors can only come from {@code plugin.path}, so a
 * jar missing from the plugin fails the worker as it would in a real Connect installation.
 */
final class ConnectWorker {
    /** Path segments (Maven repository layout) of everything the plugin has to bring itself. */
    private static final List<String> PLUGIN_SUPPLIED = List.of("/io/cutover/", "/target/", "/org/xerial/sqlite-jdbc/",
            "/org/postgresql/", "/com/zaxxer/", "/io/micrometer/", "/io/prometheus/", "/org/hdrhistogram/",
            "/org/latencyutils/", "/org/checkerframework/", "/me/tongfei/", "/org/jline/", "/io/debezium/", "/org/yaml/",
            "/jackson-dataformat-yaml/");

    private ConnectWorker() {
    }

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    static Path store(Properties p, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return file;
    }

    /** The worker's class path: this JVM's, less whatever the plugin must supply. */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> PLUGIN_SUPPLIED.stream().noneMatch(s -> e.replace(File.separatorChar, '/').contains(s)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    static Process start(Path workerProps, Path... connectorProps) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dlogback.configurationFile=" + Path.of("target/test-classes/connect-worker-logback.xml").toAbsolutePath(),
                "-cp", classPath(), "org.apache.kafka.connect.cli.ConnectStandalone", workerProps.toString()));
        for (Path c : connectorProps) {
            cmd.add(c.toString());
        }
        return HostCommand.start(null, null, cmd);
    }

    static Map<String, String> byteArrayConverters(Properties p) {
        return Map.of("key", p.getProperty("key.converter"), "value", p.getProperty("value.converter"),
                "header", String.valueOf(p.getProperty("header.converter")));
    }
}
