package io.clip4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long jobs, shown only when stderr is a terminal and there is
 * enough work to watch; otherwise a no-op, so piped output stays clean.
 */
final class Progress implements AutoCloseable {
    private static final int MIN_ITEMS = 5;
    private final ProgressBar bar;

    Progress(String task, long total) {
        boolean show = total >= MIN_ITEMS && System.console() != null;
        this.bar = show ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" img", 1).continuousUpdate().build() : null;
    }

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** Seconds of video done, counting up (a stream's length is not known ahead). */
    static Progress videoSeconds(String task) {
        if (System.console() == null) {
            return new Progress((ProgressBar) null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(-1)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" s", 1).continuousUpdate().build());
    }

    /** Bytes of one download, in MB, shown on a terminal whatever the size. */
    static Progress bytes(String task, long total) {
        if (System.console() == null) {
            return new Progress((ProgressBar) null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).showSpeed().continuousUpdate().build());
    }

    /** Moves the bar to {@code done} with a message after it (e.g. the loss). */
    void update(long done, String message) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(" " + message);
        }
    }

    void step(long items) {
        if (bar != null) {
            bar.stepBy(items);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
