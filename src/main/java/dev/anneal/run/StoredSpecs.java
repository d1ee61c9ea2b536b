package dev.anneal.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.anneal.schedule.PlateauRestartConfig;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's spec as the JSON its {@code config} column holds: the launch request's shape with every default filled in,
 * which the API shows as the run's config and from which PostgreSQL generates the runs table's sort columns. Read
 * back into the typed spec without validating again.
 *
 * <p>The schedule module's records carry no JSON annotations (it is pure Java); the names the API gives their fields
 * are added here, as Jackson mix-ins.
 */
@Component
class StoredSpecs {

    private final JsonMapper json;

    StoredSpecs(JsonMapper json) {
        this.json = json.rebuild()
                .addMixIn(ScheduleConfig.class, ScheduleConfigNames.class)
                .addMixIn(ScheduleUnit.class, ApiNamed.class)
                .addMixIn(PlateauRestartConfig.Metric.class, ApiNamed.class)
                .build();
    }

    String write(RunSpec spec) {
        return json.writeValueAsString(spec);
    }

    /** The spec stored as {@code config}, as it was validated at launch. */
    RunSpec read(String config) {
        return json.readValue(config, RunSpec.class);
    }

    /** The API calls the plateau rule {@code restart_on_plateau}. */
    private abstract static class ScheduleConfigNames {

        @JsonProperty("restart_on_plateau")
        abstract PlateauRestartConfig plateauRestart();
    }

    /** Enums appear as the API spells them: {@code "epoch"}, {@code "val_loss"}. */
    private abstract static class ApiNamed {

        @JsonValue
        abstract String apiName();
    }
}
