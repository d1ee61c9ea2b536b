package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * The names of a run's summary fields are spelled in three places — the {@link RunSummary} record, the SQL that
 * generates the runs table's sort columns from the summary document (V3), and the run page's code — and must agree:
 * a field renamed in one and not the others would leave a column empty or a fact unshown, silently.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class RunDocumentNamesTests {

    private static final RunSummary EVERY_FIELD = new RunSummary(
            0.3,
            10L,
            0.9,
            12L,
            0.88,
            1e-3,
            2L,
            1,
            1000L,
            20L,
            3.5,
            new RunSummary.Averaged(2, 3, 0.31, 0.89),
            new RangeTestSummary(
                    1e-2,
                    List.of(new RangeTestSummary.Suggestion("valley", 1e-2)),
                    0,
                    new RangeTestSummary.Stop("diverged", 80, 3.2),
                    new RangeTestSummary.ScheduleHint(1e-2, 1e-4),
                    List.of()),
            List.of(new RunSummary.Snapshot(10, 1.0, 0, 0.35, 0.87, 0.86)),
            new RunSummary.Ensemble(1, 0.35, 0.87, 0.86, 1.5),
            List.of(new RunSummary.CycleEnd(0, 10, java.util.Map.of("loss", 0.4))));

    @Autowired
    private JsonMapper json;

    private Set<String> summaryNames() {
        return new TreeSet<>(json.readTree(json.writeValueAsString(EVERY_FIELD)).propertyNames());
    }

    @Test
    void shouldGenerateTheSortColumnsFromFieldsTheSummaryHas() throws IOException {
        String sql = Files.readString(Path.of("db/migration/V3__run_sort_columns.sql"));
        var matcher = Pattern.compile("summary -> '([a-z_]+)'").matcher(sql);
        var used = new TreeSet<String>();
        while (matcher.find()) {
            used.add(matcher.group(1));
        }

        assertThat(used).containsExactly("best_val_acc", "best_val_loss", "test_acc");
        assertThat(summaryNames()).containsAll(used);
    }

    @Test
    void shouldShowOnTheRunPageOnlyFieldsTheSummaryHas() throws IOException {
        String facts = Files.readString(Path.of("frontend/js/run-facts.js"));
        var matcher = Pattern.compile("take\\('([a-z_]+)'|summary\\.([a-z_]+)").matcher(facts);
        var used = new TreeSet<String>();
        while (matcher.find()) {
            used.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }

        assertThat(used).hasSizeGreaterThan(5);
        assertThat(summaryNames()).containsAll(used);
    }

    @Test
    void shouldStoreAFingerprintAsTheMapOfItsEntries() {
        var fingerprint = new DatasetFingerprint(Map.of("seed", "5", "generator", "synthetic-spirals"));

        String document = json.writeValueAsString(fingerprint);

        assertThat(document).isEqualTo("{\"generator\":\"synthetic-spirals\",\"seed\":\"5\"}");
        assertThat(json.readValue(document, DatasetFingerprint.class)).isEqualTo(fingerprint);
    }
}
