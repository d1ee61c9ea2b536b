package dev.anneal.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.anneal.schedule.BaselineSchedule;
import dev.anneal.schedule.PlateauRestartConfig;
import dev.anneal.schedule.RangeRamp;
import dev.anneal.schedule.RateSchedule;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place a run's JSON documents are written and read, each as its typed record: the {@link RunSpec} its
 * {@code config} holds (the launch request's shape with every default filled in, read back without validating
 * again), its {@link RunSummary} and its {@link DatasetFingerprint}. PostgreSQL generates the runs table's sort
 * columns from the config and the summary.
 *
 * <p>The schedule module's records carry no JSON annotations (it is pure Java); the names the API gives their fields
 * are added here, as Jackson mix-ins.
 */
@Component
public class RunDocuments {

    private final JsonMapper json;

    RunDocuments(JsonMapper json) {
        this.json = json.rebuild()
                .addMixIn(RateSchedule.class, ScheduleKinds.class)
                .addMixIn(ScheduleConfig.class, ScheduleConfigNames.class)
                .addMixIn(BaselineSchedule.OneCycle.Anneal.class, ApiNamed.class)
                .addMixIn(ScheduleUnit.class, ApiNamed.class)
                .addMixIn(PlateauRestartConfig.Metric.class, ApiNamed.class)
                .addMixIn(RangeRamp.Mode.class, ApiNamed.class)
                .build();
    }

    String write(Object document) {
        return json.writeValueAsString(document);
    }

    /** {@code spec} as the JSON document a run stores: the launch request's shape, every default filled in. */
    public JsonNode document(RunSpec spec) {
        return json.valueToTree(spec);
    }

    /** The spec a {@link #document(RunSpec)} holds, read back without validating again. */
    public RunSpec spec(JsonNode document) {
        return json.treeToValue(document, RunSpec.class);
    }

    /** The spec {@code run} was launched with, as it was validated then. */
    public RunSpec spec(Run run) {
        return json.readValue(run.config(), RunSpec.class);
    }

    /** The config {@code run} stores, as the document the API shows. */
    public JsonNode configDocument(Run run) {
        return json.readTree(run.config());
    }

    /** What {@code run} achieved so far; {@link RunSummary#NONE} before a worker summarised it. */
    public RunSummary summary(Run run) {
        return json.readValue(run.summary(), RunSummary.class);
    }

    /** What identifies {@code run}'s data, once a worker recorded it. */
    public Optional<DatasetFingerprint> fingerprint(Run run) {
        return Optional.ofNullable(run.datasetFingerprint())
                .map(document -> json.readValue(document, DatasetFingerprint.class));
    }

    /** Where {@code run} came from, as its client said; {@link RunSource#UNSAID} when it did not. */
    public RunSource source(Run run) {
        return run.source() == null ? RunSource.UNSAID : json.readValue(run.source(), RunSource.class);
    }

    /**
     * Where {@code run}'s schedule comes from and what it is: the one it was launched with, for a run Anneal trains;
     * for an external run, what Anneal made of its logged rate, once it read any; empty for a range test.
     */
    public Optional<ScheduleReading> scheduleReading(Run run) {
        if (run.kind() == RunKind.EXTERNAL) {
            return Optional.ofNullable(run.scheduleReading())
                    .map(document -> json.readValue(document, ScheduleReading.class));
        }
        return Optional.ofNullable(spec(run).schedule())
                .map(schedule ->
                        new ScheduleReading(ScheduleReading.Source.LAUNCHED, schedule, null, 0, null, null, null));
    }

    /**
     * {@code run}'s schedule as the API shows it: the launch body's shape, with where it comes from ({@code source})
     * and, for an external run, how closely its logged rate follows it; {@code null} for a range test.
     */
    public JsonNode scheduleDocument(Run run) {
        var reading = scheduleReading(run);
        if (reading.isEmpty()) {
            return run.kind() == RunKind.EXTERNAL
                    ? json.createObjectNode().put("source", ScheduleReading.Source.NONE.apiName())
                    : null;
        }
        var read = reading.get();
        ObjectNode document = read.schedule() == null ? json.createObjectNode() : json.valueToTree(read.schedule());
        document.put("source", read.source().apiName());
        if (read.source() != ScheduleReading.Source.LAUNCHED) {
            var details = (ObjectNode) json.valueToTree(read);
            details.remove(List.of("source", "schedule"));
            document.setAll(details);
        }
        return document;
    }

    /**
     * A schedule names its kind as the API does, {@code "kind": "step"}; a config stored before there were kinds
     * has none, and is cosine annealing.
     */
    @JsonTypeInfo(
            use = JsonTypeInfo.Id.NAME,
            include = JsonTypeInfo.As.PROPERTY,
            property = "kind",
            defaultImpl = ScheduleConfig.class)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = ScheduleConfig.class, name = "cosine"),
        @JsonSubTypes.Type(value = BaselineSchedule.Constant.class, name = "constant"),
        @JsonSubTypes.Type(value = BaselineSchedule.Step.class, name = "step"),
        @JsonSubTypes.Type(value = BaselineSchedule.MultiStep.class, name = "multistep"),
        @JsonSubTypes.Type(value = BaselineSchedule.Exponential.class, name = "exponential"),
        @JsonSubTypes.Type(value = BaselineSchedule.Linear.class, name = "linear"),
        @JsonSubTypes.Type(value = BaselineSchedule.OneCycle.class, name = "one_cycle")
    })
    private abstract static class ScheduleKinds {}

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
