/**
 * The database as every module meets it: two connection pools (web requests, bounded by a statement timeout, apart
 * from the workers' and the job queue's), and what a database outage means to a writer: which errors are an outage,
 * retrying through one, and the words a run's failure gives for it. A shared module: it uses nothing but Spring.
 */
@ApplicationModule(allowedDependencies = {})
package dev.anneal.database;

import org.springframework.modulith.ApplicationModule;
