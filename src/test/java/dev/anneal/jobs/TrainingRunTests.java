package dev.anneal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.anneal.schedule.CosineWarmRestarts;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real DJL training run launched over REST, dispatched by db-scheduler, logged into PostgreSQL. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class TrainingRunTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private JsonNode call(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return json.readTree(mvc.perform(request).andReturn().getResponse().getContentAsString());
    }

    @Test
    void shouldTrainASyntheticRunToSuccessLoggingEveryStepAtTheSchedulesRate() throws Exception {
        var launched = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "spirals", "dataset": {"name": "synthetic-spirals", "limit": 2000, "val_fraction": 0.2},
                                 "model": {"name": "mlp", "hidden": [64, 64]},
                                 "optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": true, "weight_decay": 0.0001},
                                 "schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                                 "training": {"epochs": 3, "batch_size": 64, "seed": 7, "device": "cpu"}}"""))
                .andExpect(status().isCreated())
                .andReturn();
        String id = json.readTree(launched.getResponse().getContentAsString())
                .get("id")
                .asString();

        var run = call(get("/api/runs/" + id).param("wait", "240"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        long totalSteps = 3 * 25; // 1600 training examples in batches of 64, three epochs
        assertThat(run.get("progress").get("total_steps").asLong()).isEqualTo(totalSteps);
        assertThat(run.get("progress").get("step").asLong()).isEqualTo(totalSteps);
        assertThat(run.get("summary").get("test_acc").asDouble())
                .isGreaterThan(0.8); // three spiral arms: chance is 1/3
        assertThat(run.get("dataset_fingerprint").get("generator").asString()).isEqualTo("synthetic-spirals");

        var series = call(get("/api/runs/" + id + "/metrics")
                        .param("keys", "lr,train_loss,val_loss,val_acc,test_acc")
                        .param("max_points", "100000"))
                .get("series");
        var lr = series.get(0).get("points");
        var trainLoss = series.get(1).get("points");
        assertThat(lr).hasSize((int) totalSteps);
        assertThat(trainLoss).hasSize((int) totalSteps);
        assertThat(series.get(2).get("points")).hasSize(3);
        assertThat(series.get(3).get("points")).hasSize(3);
        assertThat(series.get(4).get("points")).hasSize(1);

        var schedule = CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.1)
                .optEtaMin(0.001)
                .setTMax(1)
                .optTMult(2)
                .optUnit(ScheduleUnit.EPOCH)
                .build());
        for (int step = 0; step < totalSteps; step++) {
            assertThat(lr.get(step).get("step").asInt()).isEqualTo(step);
            assertThat(lr.get(step).get("value").asDouble()).isEqualTo(schedule.rate(step / 25.0));
        }
        assertThat(mean(trainLoss, 50, 75)).isLessThan(mean(trainLoss, 0, 25));
    }

    private static double mean(JsonNode points, int from, int to) {
        List<Double> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(points.get(i).get("value").asDouble());
        }
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
