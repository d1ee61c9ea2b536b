/**
 * Learning-rate schedules in pure Java: cosine annealing with warmup and warm restarts in closed form, the
 * plateau-restart controller, and the serialisable state a checkpoint keeps; no Spring, no DJL, no I/O.
 */
@ApplicationModule(allowedDependencies = {})
package dev.anneal.schedule;

import org.springframework.modulith.ApplicationModule;
