/**
 * Training with Deep Java Library on PyTorch, the only module that imports {@code ai.djl}: datasets, models, our own
 * checkpointable optimizers, the training loop, checkpoints and device selection.
 */
@ApplicationModule(allowedDependencies = {"schedule", "metrics", "database"})
package dev.anneal.training;

import org.springframework.modulith.ApplicationModule;
