package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.anneal.AsyncCalls;
import dev.anneal.access.Role;
import dev.anneal.access.Users;
import dev.anneal.schedule.PlateauRestartConfig;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/** The runs API over MockMvc, on the real schema in an embedded PostgreSQL. */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RunApiTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private RunRepository runs;

    @Autowired
    private Runs service;

    @Autowired
    private JsonMapper json;

    @Autowired
    private Users users;

    @Autowired
    private JdbcTemplate jdbc;

    private ResultActions launch(String body) throws Exception {
        return mvc.perform(
                post("/api/runs").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static RunSummary summary(double testAcc, double bestValLoss) {
        return new RunSummary(
                bestValLoss, 10L, null, null, testAcc, null, 0L, 0, 100L, 10L, 1.0, null, null, null, null, null);
    }

    private UUID launched(String body) throws Exception {
        String response = launch(body)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return UUID.fromString(json.readTree(response).get("id").asString());
    }

    @Test
    void shouldQueueARunWithEveryDefaultFilledIn() throws Exception {
        launch("""
                        {"schedule": {"base_lr": 0.05, "t_max": 1}}""")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/runs/")))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.experiment").value("default"))
                .andExpect(jsonPath("$.name").value(org.hamcrest.Matchers.startsWith("cnn-fashion-mnist-")))
                .andExpect(jsonPath("$.config.dataset.name").value("fashion-mnist"))
                .andExpect(jsonPath("$.config.dataset.val_fraction").value(0.1))
                .andExpect(jsonPath("$.config.dataset.augment.horizontal_flip").value(false))
                .andExpect(jsonPath("$.config.dataset.augment.max_shift").value(0))
                .andExpect(jsonPath("$.config.model.name").value("cnn"))
                .andExpect(jsonPath("$.config.model.hidden").doesNotExist())
                .andExpect(jsonPath("$.config.optimizer.name").value("sgd"))
                .andExpect(jsonPath("$.config.optimizer.momentum").value(0.9))
                .andExpect(jsonPath("$.config.optimizer.nesterov").value(true))
                .andExpect(jsonPath("$.config.optimizer.weight_decay").value(5e-4))
                .andExpect(jsonPath("$.config.schedule.base_lr").value(0.05))
                .andExpect(jsonPath("$.config.schedule.t_mult").value(1.0))
                .andExpect(jsonPath("$.config.schedule.unit").value("step"))
                .andExpect(jsonPath("$.config.training.epochs").value(15))
                .andExpect(jsonPath("$.config.training.batch_size").value(128))
                .andExpect(jsonPath("$.config.training.device").value("auto"))
                .andExpect(jsonPath("$.progress.step").value(0));
    }

    @Test
    void shouldKeepWhatTheClientGave() throws Exception {
        var id = launched("""
                {"name": "spirals-sgdr", "experiment": "toy", "tags": ["sgdr", "small"], "notes": "first try",
                 "dataset": {"name": "synthetic-spirals", "val_fraction": 0.2, "limit": 500},
                 "model": {"name": "mlp", "hidden": [32, 32]},
                 "optimizer": {"name": "adamw", "weight_decay": 0.05},
                 "schedule": {"base_lr": 0.01, "t_max": 2, "t_mult": 2, "unit": "epoch", "warmup": 0.5},
                 "training": {"epochs": 6, "batch_size": 32, "seed": 7, "device": "cpu"}}""");

        mvc.perform(get("/api/runs/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("spirals-sgdr"))
                .andExpect(jsonPath("$.experiment").value("toy"))
                .andExpect(jsonPath("$.tags").value(containsInAnyOrder("sgdr", "small")))
                .andExpect(jsonPath("$.config.dataset.augment").doesNotExist())
                .andExpect(jsonPath("$.config.model.hidden[1]").value(32))
                .andExpect(jsonPath("$.config.optimizer.betas[1]").value(0.999))
                .andExpect(jsonPath("$.config.optimizer.weight_decay").value(0.05))
                .andExpect(jsonPath("$.config.schedule.warmup").value(0.5))
                .andExpect(jsonPath("$.config.training.seed").value(7));
    }

    @Test
    void shouldStoreTheTypedSpecInTheLaunchShapeAndReadItBackAsLaunched() throws Exception {
        var id = launched("""
                {"dataset": {"name": "synthetic-regression"},
                 "model": {"name": "cnn"},
                 "schedule": {"base_lr": 0.01, "t_max": 2, "unit": "epoch",
                              "restart_on_plateau": {"patience": 2, "metric": "val_acc"}},
                 "training": {"device": "gpu", "eval_every_steps": 50}}""");

        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.config.dataset.name").value("synthetic-regression"))
                .andExpect(jsonPath("$.config.schedule.unit").value("epoch"))
                .andExpect(
                        jsonPath("$.config.schedule.restart_on_plateau.metric").value("val_acc"))
                .andExpect(jsonPath("$.config.schedule.restart_on_plateau.min_delta")
                        .value(0.0))
                .andExpect(jsonPath("$.config.schedule.plateau_restart").doesNotExist())
                .andExpect(jsonPath("$.config.training.device").value("gpu"));
        var spec = service.spec(id);

        assertThat(spec.dataset().name()).isEqualTo(RunSpec.DatasetName.SYNTHETIC_REGRESSION);
        assertThat(spec.schedule().unit()).isEqualTo(ScheduleUnit.EPOCH);
        assertThat(((ScheduleConfig) spec.schedule()).plateauRestart())
                .isEqualTo(new PlateauRestartConfig(2, 0.0, PlateauRestartConfig.Metric.VAL_ACC));
        assertThat(spec.training().device()).isEqualTo(RunSpec.Device.GPU);
        assertThat(spec.training().evalEverySteps()).isEqualTo(50);
        assertThat(spec.name()).isEqualTo(service.get(id).name());
    }

    @Test
    void shouldListTheRunsOfOneOwner() throws Exception {
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(owner, "a long enough password", Role.MEMBER);
        var mine = launched("""
                {"name": "mine", "schedule": {"base_lr": 0.1, "t_max": 5}}""");
        launched("""
                {"name": "not mine", "schedule": {"base_lr": 0.1, "t_max": 5}}""");
        jdbc.update("update run set owner = ? where id = ?", owner, mine);

        mvc.perform(get("/api/runs").param("owner", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].name").value("mine"))
                .andExpect(jsonPath("$.items[0].owner").value(owner));
    }

    @Test
    void shouldRefuseAnInvalidLaunchNamingEveryFieldAndStoreNothing() throws Exception {
        long before = runs.count();

        launch("""
                        {"dataset": {"name": "imagenet", "val_fraction": 0.9},
                         "model": {"name": "transformer"},
                         "optimizer": {"name": "lion"},
                         "schedule": {"base_lr": -1, "t_max": 10},
                         "training": {"epochs": 0, "batch_size": 100000, "device": "tpu"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field")
                        .value(containsInAnyOrder(
                                "dataset.name",
                                "dataset.val_fraction",
                                "model.name",
                                "optimizer.name",
                                "schedule.base_lr",
                                "training.epochs",
                                "training.batch_size",
                                "training.device")))
                .andExpect(
                        jsonPath("$.errors[?(@.field == 'dataset.name')].message")
                                .value(
                                        "dataset.name must be one of fashion-mnist, synthetic-spirals, synthetic-regression but was imagenet"))
                .andExpect(jsonPath("$.errors[?(@.field == 'training.epochs')].message")
                        .value("training.epochs must be between 1 and 10000 but was 0"));

        assertThat(runs.count()).isEqualTo(before);
    }

    @Test
    void shouldAugmentImagesOnlyAndWithinBounds() throws Exception {
        var id = launched("""
                {"dataset": {"augment": {"horizontal_flip": true, "max_shift": 2}},
                 "schedule": {"base_lr": 0.1, "t_max": 1}}""");
        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.config.dataset.augment.horizontal_flip").value(true))
                .andExpect(jsonPath("$.config.dataset.augment.max_shift").value(2));

        long before = runs.count();
        launch("""
                        {"dataset": {"name": "synthetic-spirals", "augment": {"horizontal_flip": true}},
                         "schedule": {"base_lr": 0.1, "t_max": 1}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("dataset.augment"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("dataset.augment applies to image datasets only, not to synthetic-spirals"));
        launch("""
                        {"dataset": {"augment": {"max_shift": 9}}, "schedule": {"base_lr": 0.1, "t_max": 1}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("dataset.augment.max_shift"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("dataset.augment.max_shift must be between 0 and 8 but was 9"));
        launch("""
                        {"dataset": {"augment": {"flip": true}}, "schedule": {"base_lr": 0.1, "t_max": 1}}""").andExpect(status().isBadRequest());
        assertThat(runs.count()).isEqualTo(before);
    }

    @Test
    void shouldAverageWeightsFromAnEpochWithinTheRun() throws Exception {
        var id = launched("""
                {"schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"epochs": 12, "swa_from_epoch": 8}}""");
        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.config.training.swa_from_epoch").value(8));

        long before = runs.count();
        launch("""
                        {"schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"epochs": 12, "swa_from_epoch": 13}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("training.swa_from_epoch"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("training.swa_from_epoch must be between 1 and 12 but was 13"));
        launch("""
                        {"schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"swa_from_epoch": 0}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message")
                        .value("training.swa_from_epoch must be between 1 and 15 but was 0"));
        assertThat(runs.count()).isEqualTo(before);
    }

    @Test
    void shouldRequireTheScheduleRates() throws Exception {
        launch("{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule"))
                .andExpect(jsonPath("$.errors[0].message").value("schedule is required"));
    }

    @Test
    void shouldAnswerUnknownAndMalformedIds() throws Exception {
        mvc.perform(get("/api/runs/" + UUID.randomUUID()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/runs/not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("id"))
                .andExpect(jsonPath("$.errors[0].message").value("id must be a UUID but was not-a-uuid"));
    }

    @Test
    void shouldCancelAQueuedRunAndResumeIt() throws Exception {
        var id = launched("""
                {"schedule": {"base_lr": 0.1, "t_max": 5}}""");

        mvc.perform(post("/api/runs/" + id + "/cancel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(post("/api/runs/" + id + "/cancel"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail")
                        .value(endsWith("already ended (cancelled): there is nothing left to cancel")));
        mvc.perform(post("/api/runs/" + id + "/resume"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("QUEUED"));
    }

    @Test
    void shouldListWithFiltersSortingAndATotal() throws Exception {
        String experiment = "list-" + UUID.randomUUID();
        for (String name : new String[] {"alpha", "beta", "gamma"}) {
            launched("""
                    {"name": "%s", "experiment": "%s", "tags": ["%s"], "schedule": {"base_lr": 0.1, "t_max": 5}}""".formatted(name, experiment, name.equals("beta") ? "keep" : "other"));
        }

        mvc.perform(get("/api/runs")
                        .param("experiment", experiment)
                        .param("sort", "name,asc")
                        .param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].name").value("alpha"))
                .andExpect(jsonPath("$.items[1].name").value("beta"));
        mvc.perform(get("/api/runs").param("experiment", experiment).param("tag", "keep"))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].name").value("beta"));
        mvc.perform(get("/api/runs").param("experiment", experiment).param("q", "AMM"))
                .andExpect(jsonPath("$.items[0].name").value("gamma"));
        mvc.perform(get("/api/runs").param("experiment", experiment).param("status", "queued"))
                .andExpect(jsonPath("$.total").value(3));
    }

    @Test
    void shouldSortByScheduleSettingsAndResultsWithRunsLackingThemLast() throws Exception {
        String experiment = "sorted-" + UUID.randomUUID();
        var low = launched("""
                {"name": "low", "experiment": "%s", "schedule": {"base_lr": 0.01, "t_max": 5}}""".formatted(experiment));
        var high = launched("""
                {"name": "high", "experiment": "%s", "schedule": {"base_lr": 0.3, "t_max": 5}}""".formatted(experiment));
        launched("""
                {"name": "unfinished", "experiment": "%s", "schedule": {"base_lr": 0.1, "t_max": 5}}""".formatted(experiment));
        service.summarize(low, summary(0.91, 0.3));
        service.summarize(high, summary(0.87, 0.4));

        mvc.perform(get("/api/runs").param("experiment", experiment).param("sort", "base_lr,desc"))
                .andExpect(jsonPath("$.items[*].name").value(contains("high", "unfinished", "low")));
        for (String direction : new String[] {"asc", "desc"}) {
            mvc.perform(get("/api/runs").param("experiment", experiment).param("sort", "test_acc," + direction))
                    .andExpect(jsonPath("$.items[2].name").value("unfinished"));
        }
        mvc.perform(get("/api/runs").param("experiment", experiment).param("sort", "best_val_loss,asc"))
                .andExpect(jsonPath("$.items[*].name").value(contains("low", "high", "unfinished")));
    }

    @Test
    void shouldRefuseBadListParameters() throws Exception {
        mvc.perform(get("/api/runs")
                        .param("sort", "loss,sideways")
                        .param("status", "DONE")
                        .param("size", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("status", "sort", "size")));
    }

    @Test
    void shouldLongPollUntilTheTimeIsUp() throws Exception {
        var id = launched("""
                {"schedule": {"base_lr": 0.1, "t_max": 5}}""");
        long start = System.nanoTime();

        var answer = AsyncCalls.answered(mvc, get("/api/runs/" + id).param("wait", "1"));

        assertThat(answer.getResponse().getStatus()).isEqualTo(200);
        assertThat(json.readTree(answer.getResponse().getContentAsString())
                        .get("status")
                        .asString())
                .isEqualTo("QUEUED");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(1_000_000_000L);
    }

    /** 9 900 training examples a step at a time for 3 000 epochs: 29 700 000 steps, under a third of the quota. */
    private static final String LONG_RUN = """
            {"dataset": {"name": "fashion-mnist", "limit": 10000, "val_fraction": 0.01},
             "schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"epochs": 3000, "batch_size": 1}}""";

    @Test
    void shouldRefuseALaunchPastTheQuotaOfQueuedStepsGivingTheNumbers() throws Exception {
        // runs of this launch's kind only: a sweep another test left running in this context may launch trials
        String refused = "select count(*) from run where config -> 'training' ->> 'epochs' = '10000'";
        long before = jdbc.queryForObject(refused, Long.class);

        launch("""
                        {"dataset": {"name": "fashion-mnist"}, "schedule": {"base_lr": 0.1, "t_max": 1},
                         "training": {"epochs": 10000, "batch_size": 1}}""")
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.title").value("Quota of queued work exceeded"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.matchesPattern("tester has [0-9]+ runs? and [0-9,]+ steps? queued"
                                + " or training; this adds 1 run and 540,000,000 steps, past the quota of 200 runs and"
                                + " 100,000,000 steps a user \\(anneal.limits.queued-runs-per-user,"
                                + " queued-steps-per-user\\): wait for some to finish or cancel some")));

        assertThat(jdbc.queryForObject(refused, Long.class)).isEqualTo(before);
    }

    @Test
    void shouldAdmitConcurrentLaunchesOnlyUpToTheQuota() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var answers = new ArrayList<java.util.concurrent.Future<MvcResult>>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> launch(LONG_RUN).andReturn()));
            }
            var statuses = new ArrayList<Integer>();
            for (var answer : answers) {
                statuses.add(answer.get().getResponse().getStatus());
            }

            assertThat(statuses)
                    .as("three of 29,700,000 steps fit in 100,000,000")
                    .containsOnly(201, 429);
            assertThat(statuses.stream().filter(code -> code == 201)).hasSize(3);
        } finally {
            pool.shutdown();
            jdbc.update("update run set status = 'CANCELLED' where status = 'QUEUED'"); // the next test's quota
        }
    }

    @Test
    void shouldCountAResumedRunAgainstTheQuotaOnceMore() throws Exception {
        try {
            var cancelled = launched(LONG_RUN);
            mvc.perform(post("/api/runs/" + cancelled + "/cancel")).andExpect(status().isOk());
            launched(LONG_RUN);
            launched(LONG_RUN);
            launched(LONG_RUN); // 89,100,000 steps queued: a fourth run's 29,700,000 would pass the quota

            mvc.perform(post("/api/runs/" + cancelled + "/resume"))
                    .andExpect(status().isTooManyRequests())
                    .andExpect(jsonPath(
                            "$.detail", org.hamcrest.Matchers.containsString("this adds 1 run and 29,700,000 steps")));
            mvc.perform(get("/api/runs/" + cancelled))
                    .andExpect(jsonPath("$.status").value("CANCELLED"));
        } finally {
            jdbc.update("update run set status = 'CANCELLED' where status = 'QUEUED'"); // the next test's quota
        }
    }

    @Test
    void shouldHoldNoThreadWhileWaitingAndCapEachUsersWaits() throws Exception {
        var id = launched("""
                {"schedule": {"base_lr": 0.1, "t_max": 5}}""");
        var waiting = new ArrayList<MvcResult>();
        for (int i = 0; i < 8; i++) {
            // MockMvc returns as soon as the handler does: eight waits of a minute each, all begun on this thread
            var started =
                    mvc.perform(get("/api/runs/" + id).param("wait", "60")).andReturn();
            assertThat(started.getRequest().isAsyncStarted()).isTrue();
            waiting.add(started);
        }

        mvc.perform(get("/api/runs/" + id).param("wait", "60"))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.title").value("Too many waits"))
                .andExpect(jsonPath("$.detail")
                        .value("tester already waits on 8 runs, the most one user may"
                                + " (anneal.limits.waits-per-user); wait for one to answer, or poll without wait"));
        mvc.perform(post("/api/runs/" + id + "/cancel")).andExpect(status().isOk());

        for (var started : waiting) {
            mvc.perform(asyncDispatch(started))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("CANCELLED"));
        }
        // a free slot again, and an ended run answers at once
        var ended = AsyncCalls.answered(mvc, get("/api/runs/" + id).param("wait", "60"));
        assertThat(ended.getResponse().getContentAsString()).contains("\"status\":\"CANCELLED\"");
    }

    @Test
    void shouldCompareRunsShowingWhatDiffers() throws Exception {
        var first = launched("""
                {"name": "a", "schedule": {"base_lr": 0.1, "t_max": 5, "t_mult": 2}}""");
        var second = launched("""
                {"name": "b", "schedule": {"base_lr": 0.1, "t_max": 5, "t_mult": 1},
                 "model": {"name": "mlp", "hidden": [32]}}""");

        mvc.perform(get("/api/compare").param("ids", first + "," + second))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runs[0].name").value("a"))
                .andExpect(jsonPath("$.runs[1].name").value("b"))
                .andExpect(jsonPath("$.differences[*].path")
                        .value(containsInAnyOrder("model.hidden", "model.name", "name", "schedule.t_mult")))
                .andExpect(jsonPath("$.differences[?(@.path == 'schedule.t_mult')].values[0]")
                        .value(2.0));
    }

    @Test
    void shouldRefuseABadComparison() throws Exception {
        mvc.perform(get("/api/compare").param("ids", "not-an-id," + UUID.randomUUID()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ids"));
        mvc.perform(get("/api/compare").param("ids", UUID.randomUUID().toString()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/compare").param("ids", UUID.randomUUID() + "," + UUID.randomUUID()))
                .andExpect(status().isNotFound());
    }
}
