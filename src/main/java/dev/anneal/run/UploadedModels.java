package dev.anneal.run;

import java.util.Optional;

/**
 * The TorchScript models a team uploaded, as a launch names them ({@code "model": {"artifact": "small-cnn:1"}}): a
 * port the module that keeps them implements, so a launch is checked against its model before it queues.
 */
public interface UploadedModels {

    /** The uploaded model {@code reference} names (its id, or {@code name:version}), if there is one. */
    Optional<RunSpec.UploadedModel> find(String reference);

    /** Every uploaded model, newest first: what the launch form offers. */
    java.util.List<RunSpec.UploadedModel> all();
}
