/**
 * Files Anneal keeps by their content: an uploaded model or dataset, a run's MLflow artifacts, an exported model.
 * {@link dev.anneal.artifacts.ArtifactStore} is the one interface (a directory under the data directory by default;
 * an object store can implement it later); an artifact's address is the SHA-256 of its bytes, so the same file is
 * stored once and what is read back is what was written. The database holds addresses and metadata, never the bytes.
 * A shared module: it uses nothing but Spring.
 */
@ApplicationModule(allowedDependencies = {})
package dev.anneal.artifacts;

import org.springframework.modulith.ApplicationModule;
