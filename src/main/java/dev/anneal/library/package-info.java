/**
 * What a team brings to train (issue 24): uploaded models (a TorchScript file and its manifest), checked at upload by
 * the training module's {@link dev.anneal.training.ModuleCheck} and kept by content in the artifact store.
 * {@link dev.anneal.library.Models} and {@link dev.anneal.library.Datasets} are the module's API; it implements the
 * run module's {@link dev.anneal.run.UploadedDatasets}, so a launch is checked against its data. Its web layer lives
 * apart in {@code library.web}.
 */
@ApplicationModule(allowedDependencies = {"artifacts", "access", "training", "web", "run"})
package dev.anneal.library;

import org.springframework.modulith.ApplicationModule;
