package dev.anneal.artifacts;

/**
 * A stored artifact.
 *
 * @param id its address, the SHA-256 of its bytes
 * @param size its length in bytes
 */
public record Artifact(ArtifactId id, long size) {}
