/**
 * Training runs and their experiments: the {@link dev.anneal.run.Run} aggregate with its guarded status machine, the
 * typed spec it was launched with, its events, and {@link dev.anneal.run.Runs}, the module's API (launch, get, list,
 * cancel, resume, and what a worker records). Its web layer, REST and pages, lives apart in {@code run.web}.
 */
@ApplicationModule(allowedDependencies = {"schedule", "database", "web", "access"})
package dev.anneal.run;

import org.springframework.modulith.ApplicationModule;
