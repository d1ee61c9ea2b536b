/**
 * The LR range test: what its recorded curve (each step's rate beside its smoothed loss) says about a good
 * {@code base_lr}, by named suggestion methods and their consensus, with warnings when the curve cannot say. The ramp
 * the test trains along and the smoothing it stops by are the schedule module's ({@code RangeRamp},
 * {@code SmoothedLoss}).
 */
@ApplicationModule(allowedDependencies = {"schedule"})
package dev.anneal.finder;

import org.springframework.modulith.ApplicationModule;
