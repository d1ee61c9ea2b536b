package dev.anneal.run;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/** Stores runs. */
interface RunRepository extends JpaRepository<Run, UUID>, JpaSpecificationExecutor<Run> {

    List<Run> findByStatus(RunStatus status);
}
