package io.cutover.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {
    @Test
    void findsMetricsNotFunctionsKeywordsLabelsOrDurations() {
        assertThat(PromQl.metricNames("""
                max by (job, instance, topic) (cutover_applier_lag_events{topic=~"a.b"}) > 0
                unless on (job, instance) sum by (job) (increase(cutover_applier_events_applied_total[5m])) > 0
                or sum(x_total unless x_total offset 5m) or vector(0)"""))
                .containsExactly("cutover_applier_lag_events", "cutover_applier_events_applied_total", "x_total");
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{job=~\"$job\"}[$__rate_interval])))"))
                .containsExactly("a_seconds_bucket");
        assertThat(PromQl.metricNames("time() - max by (table) (ts_seconds)")).containsExactly("ts_seconds");
        assertThat(PromQl.metricNames("up{job=~\"cutover.*\"} == 0")).containsExactly("up");
    }

    @Test
    void variableQueriesSelectTheirFirstArgument() {
        assertThat(PromQl.variableQueryMetricNames("label_values(up{job=~\"cutover.*\"}, job)")).containsExactly("up");
    }
}
