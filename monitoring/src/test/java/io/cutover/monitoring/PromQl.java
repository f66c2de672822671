package io.cutover.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, by a lexical pass that is enough for the queries in
 * this module: Grafana variables, strings, label matchers, ranges and label lists are removed, then
 * every identifier that is neither a function call nor a keyword is a metric name.
 */
final class PromQl {
    private static final Pattern GRAFANA_VAR = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENT = Pattern.compile("(?<![\\w:.])[a-zA-Z_:][a-zA-Z0-9_:]*\\b(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan",
            // Aggregations may be followed by `by (...)` rather than by their parenthesis.
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*\\w+\\s*\\)\\s*$");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String s = GRAFANA_VAR.matcher(expr).replaceAll(" ");
        s = STRING.matcher(s).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll("$1");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group().toLowerCase())) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** A Grafana variable query: {@code label_values(expr, label)} selects expr's metrics. */
    static Set<String> variableQueryMetricNames(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        return metricNames(m.matches() ? m.group(1) : query);
    }
}
