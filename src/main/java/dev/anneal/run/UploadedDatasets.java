package dev.anneal.run;

import java.util.Optional;

/**
 * The datasets a team uploaded, as a launch names them ({@code "dataset": {"artifact": "iris"}}): a port the module
 * that keeps them implements, so a launch is checked against its data before it queues.
 */
public interface UploadedDatasets {

    /** The uploaded dataset {@code reference} names (its id or its name), if there is one. */
    Optional<RunSpec.UploadedData> find(String reference);

    /** Every uploaded dataset, newest first: what the launch form offers. */
    java.util.List<RunSpec.UploadedData> all();
}
