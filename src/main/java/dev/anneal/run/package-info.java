/** Training runs and their experiments: the run aggregate, its REST API and pages, and the schedule preview. */
package dev.anneal.run;
