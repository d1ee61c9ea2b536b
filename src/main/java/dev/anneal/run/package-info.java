/** Training runs and their experiments: the run aggregate, its REST API and pages, and the schedule preview. */
@ApplicationModule(allowedDependencies = {"schedule", "database"})
package dev.anneal.run;

import org.springframework.modulith.ApplicationModule;
