package dev.anneal.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/** Where a run's network comes from: built by Anneal from its plan, or loaded from an uploaded TorchScript module. */
@FunctionalInterface
interface NetworkSource {

    /** A fresh copy of the network, for {@code manager}'s device; its parameters are laid flat by the caller. */
    Block build(NDManager manager);
}
