package io.cutover.monitoring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * metrics.txt against the meters the modules' main code registers, read from their sources (a fast
 * check at the unit tier; that a running pipeline exports them is for an integration test). Micrometer
 * names the Prometheus series: dots become underscores, counters get _total, timers and a seconds
 * base unit get _seconds.
 */
class CodeMetricsTest {
    private static final Pattern METER =
            Pattern.compile("(Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\\s*\"(cutover\\.[a-z0-9.]+)\"");

    static Set<String> registeredInCode() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                        try {
                            names.addAll(prometheusNames(Files.readString(p)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
        }
        return names;
    }

    static Set<String> prometheusNames(String source) {
        Set<String> names = new TreeSet<>();
        Matcher m = METER.matcher(source);
        while (m.find()) {
            int end = source.indexOf(".register(", m.end());
            String chain = end < 0 ? "" : source.substring(m.end(), end);
            String name = m.group(2).replace('.', '_');
            boolean seconds = m.group(1).equals("Timer") || chain.contains(".baseUnit(\"seconds\")");
            if (seconds && !name.endsWith("_seconds")) {
                name += "_seconds";
            }
            if (m.group(1).equals("Counter")) {
                name += "_total";
            }
            names.add(name);
        }
        return names;
    }

    /** capture, applier, reconcile, or control for cutover_ready and the like. */
    static String component(String name) {
        String second = name.split("_")[1];
        return Set.of("capture", "applier", "reconcile").contains(second) ? second : "control";
    }

    @Test
    void namesFollowMicrometersPrometheusConvention() {
        assertThat(prometheusNames("""
                Counter.builder("cutover.a.events").tag("t", t).register(reg);
                Gauge.builder("cutover.write.freeze", x, f).baseUnit("seconds").register(reg);
                Gauge.builder("cutover.lag.seconds", x, f).register(reg);
                Timer.builder("cutover.batch.duration").register(reg);"""))
                .containsExactlyInAnyOrder("cutover_a_events_total", "cutover_write_freeze_seconds", "cutover_lag_seconds",
                        "cutover_batch_duration_seconds");
    }

    @Test
    void everyMeterInTheCodeIsDeclaredAndEveryDeclaredOneOfABuiltComponentIsInTheCode() throws IOException {
        Set<String> declared = MetricsContractTest.declared();
        Set<String> code = registeredInCode();
        assertThat(code).as("cutover_ meters registered by the modules").isNotEmpty();
        assertThat(declared).as("metrics.txt lists every cutover_ meter of the code").containsAll(code);

        // A component whose code is not on this branch yet (e.g. the reconciler) is not required.
        Set<String> built = new TreeSet<>();
        code.forEach(n -> built.add(component(n)));
        Set<String> notInCode = new TreeSet<>();
        for (String d : declared) {
            if (d.startsWith("cutover_") && built.contains(component(d)) && !code.contains(d)) {
                notInCode.add(d);
            }
        }
        assertThat(notInCode).as("declared in metrics.txt but registered nowhere in the code").isEmpty();
    }
}
