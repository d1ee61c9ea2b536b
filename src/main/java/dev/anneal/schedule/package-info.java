/**
 * Learning-rate schedules in pure Java: cosine annealing with warmup and warm restarts in closed form, the
 * plateau-restart controller, and the serialisable state a checkpoint keeps; no Spring, no DJL, no I/O.
 */
package dev.anneal.schedule;
