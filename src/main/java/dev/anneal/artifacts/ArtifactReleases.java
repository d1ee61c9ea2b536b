package dev.anneal.artifacts;

import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Lets go of an artifact one holder no longer needs: deleted from the store only when no {@link ArtifactHolder}
 * refers to it, since the same bytes uploaded as a model, logged by a script or handed back by a run are one
 * artifact.
 */
@Component
public class ArtifactReleases {

    private final ArtifactStore store;
    private final List<ArtifactHolder> holders;

    ArtifactReleases(ArtifactStore store, List<ArtifactHolder> holders) {
        this.store = store;
        this.holders = List.copyOf(holders);
    }

    /** Deletes {@code id} unless a holder still refers to it; answers whether it was deleted. */
    public boolean release(ArtifactId id) throws IOException {
        if (holders.stream().anyMatch(holder -> holder.holds(id))) {
            return false;
        }
        return store.delete(id);
    }
}
