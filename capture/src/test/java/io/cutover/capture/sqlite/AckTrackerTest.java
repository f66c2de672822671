package io.cutover.capture.sqlite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AckTrackerTest {
    @Test
    void onlyTheAcknowledgedPrefixCounts() {
        AckTracker t = new AckTracker(4);
        t.emitted(5);
        t.emitted(7);
        t.emitted(7); // a delete and its tombstone
        t.emitted(9);
        t.acknowledged(9); // another partition was faster
        assertThat(t.acked()).isEqualTo(4);
        t.acknowledged(5);
        assertThat(t.acked()).isEqualTo(5);
        t.acknowledged(7);
        assertThat(t.acked()).isEqualTo(5);
        t.acknowledged(7);
        assertThat(t.acked()).isEqualTo(9);
    }
}
