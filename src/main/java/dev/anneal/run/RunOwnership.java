package dev.anneal.run;

import dev.anneal.access.FirstAdminCreated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Runs launched before accounts existed belong to the first admin, from the moment there is one. */
@Component
class RunOwnership {

    private static final Logger log = LoggerFactory.getLogger(RunOwnership.class);

    private final Runs runs;

    RunOwnership(Runs runs) {
        this.runs = runs;
    }

    @EventListener
    void on(FirstAdminCreated created) {
        int adopted = runs.adoptOwnerless(created.username());
        if (adopted > 0) {
            log.info("The {} runs launched before accounts existed now belong to {}", adopted, created.username());
        }
    }
}
