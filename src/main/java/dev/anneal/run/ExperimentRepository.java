package dev.anneal.run;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.ListCrudRepository;

/** Stores experiments. */
interface ExperimentRepository extends ListCrudRepository<Experiment, UUID> {

    Optional<Experiment> findByName(String name);
}
