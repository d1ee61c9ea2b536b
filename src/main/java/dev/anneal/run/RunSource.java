package dev.anneal.run;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where a run logged from outside came from, as its client said; any part may be unsaid ({@code null}).
 *
 * @param script the script's name or path ({@code train.py})
 * @param gitCommit the commit its working tree was at
 * @param dirty whether that tree had changes not committed
 * @param host the machine it ran on
 */
public record RunSource(String script, String gitCommit, Boolean dirty, String host) {

    /** A source that says nothing. */
    public static final RunSource UNSAID = new RunSource(null, null, null, null);

    /** Whether it says anything at all. */
    @JsonIgnore
    public boolean isSaid() {
        return script != null || gitCommit != null || dirty != null || host != null;
    }
}
