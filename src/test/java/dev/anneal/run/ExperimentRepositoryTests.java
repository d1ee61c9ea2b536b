package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.ActiveProfiles;

/** Experiments round-trip through the Flyway schema on a real PostgreSQL, which Hibernate only validates. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("test")
class ExperimentRepositoryTests {

    @Autowired
    private ExperimentRepository experiments;

    @Test
    void shouldStoreAndFindAnExperimentByName() {
        var created = Instant.now().truncatedTo(ChronoUnit.MICROS);
        experiments.save(new Experiment("fmnist", "Fashion-MNIST schedules", created));

        var found = experiments.findByName("fmnist");

        assertThat(found).hasValueSatisfying(experiment -> {
            assertThat(experiment.description()).isEqualTo("Fashion-MNIST schedules");
            assertThat(experiment.createdAt()).isEqualTo(created);
        });
    }

    @Test
    void shouldRefuseADuplicateName() {
        experiments.save(new Experiment("spirals", "", Instant.now()));

        assertThatThrownBy(() -> experiments.save(new Experiment("spirals", "", Instant.now())))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
