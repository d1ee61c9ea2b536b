package dev.anneal.artifacts;

/**
 * A part of Anneal that keeps artifacts by id (an uploaded model or dataset, a run's trained model, a script's logged
 * file). The store keeps each content once however many hold it, so {@link ArtifactReleases} asks every holder
 * before it deletes one.
 */
public interface ArtifactHolder {

    /** Whether this holder still refers to {@code id}. */
    boolean holds(ArtifactId id);
}
