package dev.anneal.sweep;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Creating sweeps over REST, with nothing training: every configuration validated as a launch would be, every
 * problem named by its field, counts previewed, and a created sweep stored with all of its trials.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false") // nothing launches: no controller runs
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SweepApiTests {

    /** A base that trains on synthetic data: 640 training examples, 20 steps an epoch. */
    static final String BASE = """
            {"dataset": {"name": "synthetic-spirals", "limit": 800, "val_fraction": 0.2},
             "model": {"name": "mlp", "hidden": [16]},
             "schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"},
             "training": {"epochs": 3, "batch_size": 32, "seed": 5, "device": "cpu"}}""";

    @Autowired
    private MockMvc mvc;

    private ResultActions post(String path, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private ResultActions create(String body) throws Exception {
        return post("/api/sweeps", body);
    }

    @Test
    void shouldStoreEveryTrialOfAGridWithItsParamsAndSeeds() throws Exception {
        var created = create("""
                {"name": "tmult-by-lr", "experiment": "sweeps", "base": %s,
                 "parameters": {"schedule.base_lr": {"values": [0.1, 0.01, 0.001]},
                                "schedule.t_mult": {"values": [1, 2]}},
                 "seeds": 2, "metric": {"name": "val_acc"},
                 "early_terminate": {"type": "asha"}}""".formatted(BASE))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/sweeps/")))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.owner").value("tester"))
                .andExpect(jsonPath("$.method").value("grid"))
                .andExpect(jsonPath("$.metric.goal").value("maximize"))
                .andExpect(jsonPath("$.early_terminate.rung").value("cycle_end"))
                .andExpect(jsonPath("$.early_terminate.eta").value(3))
                .andExpect(jsonPath("$.early_terminate.grace").value(1.0))
                .andExpect(jsonPath("$.early_terminate.min_peers").value(3))
                .andExpect(jsonPath("$.parallelism").value(2))
                .andExpect(jsonPath("$.trials.length()").value(12))
                .andExpect(jsonPath("$.counts.PENDING").value(12))
                .andExpect(jsonPath("$.trials[0].status").value("PENDING"))
                .andExpect(jsonPath("$.trials[0].params['schedule.t_mult']").value(1))
                .andExpect(jsonPath("$.trials[0].params['schedule.base_lr']").value(0.1))
                .andExpect(jsonPath("$.trials[0].seed").value(5))
                .andExpect(jsonPath("$.trials[1].seed").value(6))
                .andExpect(jsonPath("$.trials[1].params['schedule.base_lr']").value(0.1))
                .andExpect(jsonPath("$.trials[2].params['schedule.t_mult']").value(2))
                .andExpect(jsonPath("$.trials[4].params['schedule.base_lr']").value(0.01))
                .andExpect(jsonPath("$.trials[11].params['schedule.t_mult']").value(2))
                .andExpect(jsonPath("$.trials[11].params['schedule.base_lr']").value(0.001))
                .andExpect(jsonPath("$.best").doesNotExist())
                .andReturn();
        String location = created.getResponse().getHeader("Location");

        mvc.perform(get(location))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("tmult-by-lr"));
        mvc.perform(get("/api/sweeps").param("q", "tmult-by"))
                .andExpect(jsonPath("$.items[0].name").value("tmult-by-lr"))
                .andExpect(jsonPath("$.items[0].trials").value(12))
                .andExpect(jsonPath("$.items[0].parameters")
                        .value(org.hamcrest.Matchers.contains("schedule.base_lr", "schedule.t_mult")));
        mvc.perform(get(location + "/trials.csv"))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(startsWith(
                                "trial,run_id,run_name,status,seed,schedule.base_lr,schedule.t_mult,val_acc,")));
    }

    @Test
    void shouldPreviewTheCountOfTrialsAndStepsLaunchingNothing() throws Exception {
        post("/api/sweeps/preview", """
                {"base": %s, "parameters": {"schedule.t_max": {"values": [1, 0.5]}, "training.epochs": {"values": [2, 4]}}}""".formatted(BASE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.trials").value(4))
                .andExpect(jsonPath("$.configurations").value(4))
                .andExpect(jsonPath("$.total_steps").value(20 * (2 + 4 + 2 + 4)))
                .andExpect(jsonPath("$.first[1]['training.epochs']").value(4));
    }

    @Test
    void shouldRefuseAGridLargerThanItsRunCapOrThanAThousandTrials() throws Exception {
        create("""
                {"base": %s, "run_cap": 5, "parameters": {"schedule.t_mult": {"values": [1, 2, 3]}}, "seeds": 2}""".formatted(BASE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("run_cap"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("the grid has 6 trials")));
        var many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append(i == 0 ? "" : ", ").append(1 + i * 0.01);
        }
        create("""
                {"base": %s, "parameters": {"schedule.t_mult": {"values": [%s]}, "schedule.t_max": {"values": [%s]}}}""".formatted(BASE, many, many))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("parameters"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("1600 trials")));
    }

    @Test
    void shouldNameTheParameterAndTheTrialWhoseValueALaunchWouldRefuse() throws Exception {
        create("""
                {"base": %s, "parameters": {"schedule.base_lr": {"values": [0.1, 0.001]},
                                            "schedule.eta_min": {"values": [0, 0.01]}}}""".formatted(BASE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("parameters.schedule.eta_min"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value(containsString("trial 3 (schedule.base_lr=0.001, schedule.eta_min=0.01)")))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("eta_min")));
        create("""
                {"base": %s, "parameters": {"schedule.t_maxx": {"values": [1]}}}""".formatted(BASE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("parameters.schedule.t_maxx"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("not a known field")));
        create("""
                {"base": %s, "parameters": {"schedule.t_mult": {"values": ["two"]}}}""".formatted(BASE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("parameters.schedule.t_mult"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("schedule.t_mult must be a number")));
    }

    @Test
    void shouldRefuseABaseOfKindExternalWhichNoSweepCanTrain() throws Exception {
        // a script's run is opened and logged, never launched: its base would have nothing to train with
        create("""
                {"base": {"kind": "external"}, "parameters": {"schedule.base_lr": {"values": [0.1, 0.01]}}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("kind external is a run a script")));
    }

    @Test
    void shouldTakeEachTrialsSeedFromItsValidatedConfigurationNeverOverwritingABadOne() throws Exception {
        create("""
                {"base": {"schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"seed": "abc"}},
                 "seeds": 2, "parameters": {"schedule.t_mult": {"values": [1, 2]}}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("base.training.seed"));
        create("""
                {"base": {"schedule": {"base_lr": 0.1, "t_max": 1}, "tags": "one"},
                 "parameters": {"schedule.t_mult": {"values": [1, 2]}}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("base.tags"));
        post("/api/sweeps/preview", """
                {"base": %s, "parameters": {"training.seed": {"values": [1, 7]}}}""".formatted(BASE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.trials").value(2));
        create("""
                {"base": {"schedule": {"base_lr": 0.1, "t_max": 1}}, "seeds": 3,
                 "parameters": {"schedule.t_mult": {"values": [1, 2]}}}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.trials[*].seed").value(org.hamcrest.Matchers.contains(42, 43, 44, 42, 43, 44)));
    }

    @Test
    void shouldReportAProblemOfTheBaseOnceUnderItsOwnField() throws Exception {
        create("""
                {"base": {"schedule": {"base_lr": 0.1}, "training": {"epochs": 0}},
                 "parameters": {"schedule.t_mult": {"values": [1, 2, 3]}}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(containsInAnyOrder("base.schedule.t_max", "base.training.epochs")));
    }

    @Test
    void shouldRefuseWhatTheSweepItselfSetsAndShapesThatCannotBeDrawn() throws Exception {
        create("""
                {"base": %s, "method": "random", "seeds": 2,
                 "parameters": {"name": {"values": ["a"]}, "training.seed": {"values": [1]},
                                "schedule.base_lr": {"distribution": "log_uniform", "min": 0, "max": 0.1},
                                "schedule.t_max": {"values": [1], "distribution": "uniform"}}}""".formatted(BASE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(containsInAnyOrder(
                                "run_cap", "parameters.schedule.base_lr.min", "parameters.schedule.t_max")));
        create("""
                {"base": %s, "run_cap": 4, "method": "random", "seeds": 2,
                 "parameters": {"name": {"values": ["a"]}, "training.seed": {"values": [1]}}}""".formatted(BASE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(containsInAnyOrder("parameters.name", "parameters.training.seed")));
        create("""
                {"base": %s, "parameters": {"schedule.t_max": {"distribution": "uniform", "min": 1, "max": 2}}}""".formatted(BASE))
                .andExpect(status().isBadRequest())
                .andExpect(
                        jsonPath("$.errors[0].message").value(containsString("a distribution is for method random")));
    }

    @Test
    void shouldRefuseCycleEndRungsForASchedulWithoutCycleEnds() throws Exception {
        create("""
                {"base": {"schedule": {"kind": "step", "base_lr": 0.1, "step_size": 1}, "training": {"epochs": 2}},
                 "parameters": {"schedule.gamma": {"values": [0.1, 0.5]}},
                 "early_terminate": {"type": "asha", "eta": 1}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("early_terminate.eta"));
        create("""
                {"base": {"schedule": {"kind": "step", "base_lr": 0.1, "step_size": 1}, "training": {"epochs": 2}},
                 "parameters": {"schedule.gamma": {"values": [0.1, 0.5]}},
                 "early_terminate": {"type": "asha"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("early_terminate.rung"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("use rung epoch")));
        post("/api/sweeps/preview", """
                {"base": {"schedule": {"kind": "step", "base_lr": 0.1, "step_size": 1}, "training": {"epochs": 2}},
                 "parameters": {"schedule.gamma": {"values": [0.1, 0.5]}},
                 "early_terminate": {"type": "asha", "rung": "epoch", "grace": 5}}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.warnings[0]").value(containsString("no trial reaches rung 0")));
    }

    @Test
    void shouldLetOnlyTheOwnerOrAnAdminCancelASweepAndOnlyOnce() throws Exception {
        String location = create("""
                {"name": "to-cancel", "base": %s, "parameters": {"schedule.t_mult": {"values": [1, 2]}}}""".formatted(BASE))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getHeader("Location");

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(location + "/cancel")
                        .with(user("bob").roles("MEMBER")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(containsString("only the sweep's owner (tester) or an admin")));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(location + "/cancel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.finished_at").isNotEmpty());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(location + "/cancel"))
                .andExpect(status().isConflict());
        mvc.perform(get("/api/sweeps").param("status", "CANCELLED"))
                .andExpect(jsonPath("$.items[*].name").value(org.hamcrest.Matchers.hasItem("to-cancel")));
        mvc.perform(get("/api/sweeps").param("status", "DONE")).andExpect(status().isBadRequest());
    }

    @Test
    void shouldCountEveryTrialAgainstTheOwnersQuotaOfQueuedWork() throws Exception {
        // 9 900 training examples a step at a time for 3 000 epochs: 29 700 000 steps a trial
        String longBase = """
                {"dataset": {"name": "fashion-mnist", "limit": 10000, "val_fraction": 0.01},
                 "schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"epochs": 3000, "batch_size": 1}}""";
        create("""
                        {"name": "too-big", "base": %s, "parameters": {"schedule.t_mult": {"values": [1, 2, 3, 4]}}}""".formatted(longBase))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.detail", containsString("this adds 4 runs and 118,800,000 steps")));
        mvc.perform(get("/api/sweeps").param("q", "too-big"))
                .andExpect(jsonPath("$.total").value(0));

        var admitted = create("""
                        {"name": "fits", "base": %s, "parameters": {"schedule.t_mult": {"values": [1, 2]}}}""".formatted(longBase))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getHeader("Location");
        try {
            // the trials are not runs yet, but they are queued work all the same
            post("/api/runs", longBase.replace("3000", "6000"))
                    .andExpect(status().isTooManyRequests())
                    .andExpect(jsonPath("$.detail", containsString("this adds 1 run and 59,400,000 steps")));
        } finally {
            post(admitted + "/cancel", "").andExpect(status().isOk());
        }
    }

    @Test
    void shouldAnswerAnUnknownSweepWithNotFound() throws Exception {
        mvc.perform(get("/api/sweeps/00000000-0000-0000-0000-000000000000")).andExpect(status().isNotFound());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                        "/api/sweeps/00000000-0000-0000-0000-000000000000/cancel"))
                .andExpect(status().isNotFound());
    }
}
