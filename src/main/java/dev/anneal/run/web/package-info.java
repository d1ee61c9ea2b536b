/**
 * The run module's web layer: the REST API for runs and the schedule preview, the runs table, run, launch and
 * compare pages, the request and response records, validation into the typed spec, and the formatting of figures.
 * It reaches the domain through {@link dev.anneal.run.Runs} only; nothing outside this package depends on it.
 */
package dev.anneal.run.web;
