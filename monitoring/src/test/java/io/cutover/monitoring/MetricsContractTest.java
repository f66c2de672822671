package io.cutover.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the dashboard use only the metrics declared in metrics.txt, the dashboard shows
 * every declared cutover_ metric, and every alert carries what an operator needs: a summary, a
 * description and a runbook section that exists.
 */
class MetricsContractTest {
    // Surefire runs in the module directory.
    private static final Path RULES = Path.of("prometheus/cutover-rules.yml");
    private static final Path DASHBOARD = Path.of("grafana/cutover-dashboard.json");
    private static final Path METRICS = Path.of("metrics.txt");
    private static final Path RUNBOOK = Path.of("../docs/RUNBOOK.md");
    /** Series Prometheus makes itself, not exported by Cutover. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final List<String> SAMPLE_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static Set<String> declared() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String line : Files.readAllLines(METRICS)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                names.add(l);
            }
        }
        return names;
    }

    /** A sample name as its family in metrics.txt: histogram samples lose _bucket, _count, _sum, _max. */
    static String family(String name, Set<String> declared) {
        if (declared.contains(name)) {
            return name;
        }
        for (String suffix : SAMPLE_SUFFIXES) {
            if (name.endsWith(suffix) && declared.contains(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    static Map<String, String> ruleExpressions() throws IOException {
        Map<String, String> exprs = new TreeMap<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                exprs.put(name, rule.path("expr").asText());
            }
        }
        return exprs;
    }

    /** Every PromQL query of the dashboard (panel targets, also in collapsed rows) and variable query. */
    static List<String> dashboardQueries() throws IOException {
        JsonNode dash = JSON.readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        collectExprs(dash.path("panels"), out);
        for (JsonNode v : dash.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                JsonNode q = v.path("query");
                out.add("label_values:" + (q.isObject() ? q.path("query").asText() : q.asText()));
            }
        }
        return out;
    }

    private static void collectExprs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectExprs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectExprs(n, out));
        }
    }

    static Set<String> namesIn(String query) {
        return query.startsWith("label_values:")
                ? PromQl.variableQueryMetricNames(query.substring("label_values:".length()))
                : PromQl.metricNames(query);
    }

    @Test
    void metricsTxtIsOneFamilyNameALine() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(METRICS)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                names.add(l);
            }
        }
        assertThat(names).isNotEmpty().doesNotHaveDuplicates();
        assertThat(names).allSatisfy(n -> {
            assertThat(n).matches(NAME);
            assertThat(SAMPLE_SUFFIXES).noneMatch(n::endsWith);
        });
        // The contract of DESIGN.md section 4 is all there.
        assertThat(names).contains("cutover_capture_events_total", "cutover_capture_backlog_events",
                "cutover_capture_errors_total", "cutover_capture_snapshot_rows_total",
                "cutover_applier_events_applied_total", "cutover_applier_lag_events", "cutover_applier_lag_seconds",
                "cutover_applier_end_to_end_latency_seconds", "cutover_applier_batch_duration_seconds",
                "cutover_applier_dlq_events_total", "cutover_reconcile_rows_compared_total",
                "cutover_reconcile_mismatched_rows", "cutover_reconcile_suspect_rows",
                "cutover_reconcile_last_clean_pass_timestamp_seconds", "cutover_reconcile_repairs_total",
                "cutover_ready", "cutover_reads_on_postgres", "cutover_writes_on_postgres", "cutover_write_freeze_seconds");
    }

    @Test
    void rulesUseOnlyDeclaredMetrics() throws IOException {
        Set<String> declared = declared();
        Map<String, String> exprs = ruleExpressions();
        assertThat(exprs).isNotEmpty();
        Map<String, Set<String>> undeclared = new TreeMap<>();
        exprs.forEach((rule, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            assertThat(names).as("metrics in rule %s", rule).isNotEmpty();
            for (String n : names) {
                if (!PROMETHEUS_SERIES.contains(n) && !declared.contains(family(n, declared))) {
                    undeclared.computeIfAbsent(rule, k -> new TreeSet<>()).add(n);
                }
            }
        });
        assertThat(undeclared).as("rules using metrics not in metrics.txt").isEmpty();
    }

    @Test
    void dashboardUsesOnlyDeclaredMetricsAndShowsEveryCutoverMetric() throws IOException {
        Set<String> declared = declared();
        List<String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(20);
        Set<String> shown = new TreeSet<>();
        Map<String, Set<String>> undeclared = new TreeMap<>();
        for (String q : queries) {
            for (String n : namesIn(q)) {
                String f = family(n, declared);
                if (declared.contains(f)) {
                    shown.add(f);
                } else if (!PROMETHEUS_SERIES.contains(n)) {
                    undeclared.computeIfAbsent(q, k -> new TreeSet<>()).add(n);
                }
            }
        }
        assertThat(undeclared).as("dashboard queries using metrics not in metrics.txt").isEmpty();
        Set<String> missing = new TreeSet<>();
        for (String d : declared) {
            if (d.startsWith("cutover_") && !shown.contains(d)) {
                missing.add(d);
            }
        }
        assertThat(missing).as("cutover_ metrics of metrics.txt that no dashboard panel shows").isEmpty();
    }

    @Test
    void dashboardTakesItsPrometheusFromAVariable() throws IOException {
        JsonNode dash = JSON.readTree(DASHBOARD.toFile());
        assertThat(dash.path("templating").path("list").findValuesAsText("type")).contains("datasource");
        List<JsonNode> sources = new ArrayList<>();
        for (JsonNode p : dash.path("panels")) {
            if (!p.path("type").asText().equals("row")) {
                sources.add(p.path("datasource"));
                p.path("targets").forEach(t -> sources.add(t.path("datasource")));
            }
        }
        assertThat(sources).isNotEmpty().allSatisfy(ds -> assertThat(ds.path("uid").asText()).isEqualTo("${datasource}"));
    }

    @Test
    void everyAlertHasSummaryDescriptionSeverityAndARunbookSection() throws IOException {
        Set<String> anchors = new TreeSet<>();
        for (String line : Files.readAllLines(RUNBOOK)) {
            if (line.startsWith("#")) {
                anchors.add(githubAnchor(line.replaceFirst("^#+\\s*", "")));
            }
        }
        int alerts = 0;
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!rule.has("alert")) {
                    continue;
                }
                alerts++;
                String name = rule.path("alert").asText();
                JsonNode a = rule.path("annotations");
                assertThat(a.path("summary").asText()).as("%s summary", name).isNotBlank();
                assertThat(a.path("description").asText()).as("%s description", name).isNotBlank();
                assertThat(rule.path("labels").path("severity").asText()).as("%s severity", name).isIn("warning", "critical");
                Matcher m = Pattern.compile("^docs/RUNBOOK\\.md#([a-z0-9_-]+)$").matcher(a.path("runbook_url").asText());
                assertThat(m.matches()).as("%s runbook_url %s", name, a.path("runbook_url").asText()).isTrue();
                assertThat(anchors).as("%s: docs/RUNBOOK.md has a section #%s", name, m.group(1)).contains(m.group(1));
            }
        }
        assertThat(alerts).isGreaterThanOrEqualTo(7);
    }

    /** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String githubAnchor(String heading) {
        return heading.strip().toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
