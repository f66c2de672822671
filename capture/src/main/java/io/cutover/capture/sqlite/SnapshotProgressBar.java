package io.cutover.capture.sqlite;

import me.tongfei.progressbar.ProgressBar;

/** A snapshot progress bar, shown only when a person is watching (a terminal is attached). */
final class SnapshotProgressBar {
    private final boolean enabled = System.console() != null;
    private ProgressBar bar;

    void start(String table, long total) {
        finish();
        if (enabled) {
            bar = new ProgressBar("snapshot " + table, total);
        }
    }

    void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
