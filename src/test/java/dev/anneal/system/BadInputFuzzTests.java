package dev.anneal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every field of every body a caller sends (launch, range test, sweep, preview, token, user), replaced in turn by
 * values of every wrong type and at every edge, and every list filter given the same: no answer is a 500, and every
 * refusal names a field. Nothing training: queued runs only, under a quota no fuzzing reaches.
 */
@SpringBootTest(
        properties = {
            "db-scheduler.enabled=false",
            "anneal.limits.queued-runs-per-user=1000000",
            "anneal.limits.queued-steps-per-user=9000000000000000000"
        })
@AutoConfigureMockMvc
@ActiveProfiles("test")
class BadInputFuzzTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The valid bodies every mutant starts from, by the request that takes them. */
    private static final Map<String, String> BODIES = Map.of(
            "POST /api/runs",
            """
            {"name": "fuzz", "experiment": "fuzz", "tags": ["a"], "notes": "n",
             "dataset": {"name": "synthetic-spirals", "val_fraction": 0.2, "limit": 100,
                         "augment": {"flip": true, "max_shift": 2}},
             "model": {"name": "mlp", "hidden": [8, 4]},
             "optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": true, "weight_decay": 0.0001},
             "schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 1, "t_mult": 2, "unit": "epoch", "warmup": 0,
                          "warmup_start_lr": 0, "cycle_decay": 1, "cycle_limit": 0,
                          "restart_on_plateau": {"patience": 2, "min_delta": 0.001, "metric": "val_loss"}},
             "training": {"epochs": 1, "batch_size": 32, "grad_accum_steps": 1, "seed": 1, "device": "cpu",
                          "eval_every_steps": 10, "checkpoint_every_epochs": 1, "gpus": 1,
                          "snapshots": {"keep": 2}}}""",
            "POST /api/runs range test",
            """
            {"kind": "lr_range_test", "name": "fuzz-range",
             "dataset": {"name": "synthetic-spirals", "limit": 100},
             "model": {"name": "mlp", "hidden": [8]},
             "range_test": {"start_lr": 1e-5, "end_lr": 1, "num_steps": 20, "mode": "exponential"},
             "training": {"batch_size": 16, "device": "cpu"}}""",
            "POST /api/sweeps",
            """
            {"name": "fuzz-sweep", "experiment": "fuzz", "method": "random", "seed": 3, "run_cap": 2,
             "base": {"dataset": {"name": "synthetic-spirals", "limit": 100}, "model": {"name": "mlp", "hidden": [8]},
                      "schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"epochs": 1, "device": "cpu"}},
             "parameters": {"schedule.base_lr": {"distribution": "log_uniform", "min": 0.001, "max": 0.1},
                            "training.batch_size": {"distribution": "int_uniform", "min": 8, "max": 64},
                            "schedule.t_mult": {"values": [1, 2]}},
             "seeds": 1, "metric": {"name": "val_loss", "goal": "minimize"}, "parallelism": 1,
             "early_terminate": {"type": "asha", "eta": 3, "grace": 1, "min_peers": 2}}""",
            "POST /api/schedules/preview",
            """
            {"schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 10, "t_mult": 2, "warmup": 2},
             "total_steps": 100, "at": null}""",
            "POST /api/tokens",
            """
            {"name": "fuzz-token", "scope": "read", "expires_in_days": 30}""",
            "POST /api/users",
            """
            {"username": "fuzz-user", "password": "a long enough password", "role": "viewer"}""",
            "PATCH /api/users/tester",
            """
            {"role": "admin", "disabled": false}""");

    /** What replaces each field in turn: every JSON type, and the edges of each. */
    private static List<JsonNode> mutants() {
        var mutants = new ArrayList<JsonNode>();
        mutants.add(NODES.nullNode());
        mutants.add(NODES.booleanNode(true));
        for (double number : new double[] {0, -1, 1.5, 1e308, -1e308, 4.9e-324}) {
            mutants.add(NODES.numberNode(number));
        }
        for (long number : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L}) {
            mutants.add(NODES.numberNode(number));
        }
        mutants.add(NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(40))));
        for (String text :
                new String[] {"", " ", "\u0000", "a\u0000b", "1", "x".repeat(100_000), "=1+1", "é\uD83D\uDE00"}) {
            mutants.add(NODES.stringNode(text));
        }
        mutants.add(NODES.arrayNode());
        mutants.add(NODES.arrayNode().add(NODES.nullNode()));
        mutants.add(NODES.arrayNode().add("\u0000"));
        mutants.add(NODES.arrayNode().add(" "));
        mutants.add(NODES.objectNode());
        mutants.add(NODES.objectNode().put("\u0000", 1));
        return mutants;
    }

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private final List<String> failures = new ArrayList<>();

    @Test
    void shouldAnswerEveryMalformedBodyWithoutA500() throws Exception {
        int requests = 0;
        for (var entry : BODIES.entrySet()) {
            var valid = (ObjectNode) json.readTree(entry.getValue());
            for (var path : paths(valid, List.of())) {
                var original = at(valid, path);
                for (var mutant : mutants()) {
                    var body = valid.deepCopy();
                    replace(body, path, mutant);
                    int status = send(entry.getKey(), path.toString(), mutant, json.writeValueAsString(body));
                    if (status < 300 && coerced(original, mutant) && !freeForm(entry.getKey(), path)) {
                        failures.add("%s %s = %s: %d, converted instead of refused"
                                .formatted(entry.getKey(), path, mutant, status));
                    }
                    requests++;
                }
            }
            send(entry.getKey(), "nested too deep", NODES.nullNode(), "[".repeat(2_000) + "]".repeat(2_000));
            send(entry.getKey(), "trailing tokens", NODES.nullNode(), entry.getValue() + " {}");
            var unknown = valid.deepCopy();
            unknown.put("\u0000unknown", 1);
            send(entry.getKey(), "unknown field", NODES.nullNode(), json.writeValueAsString(unknown));
        }

        assertThat(requests).isGreaterThan(2_000);
        assertThat(failures)
                .as("requests answered with a 5xx or a refusal naming no field")
                .isEmpty();
    }

    @Test
    void shouldAnswerEveryMalformedFilterAndPathWithoutA500() throws Exception {
        var values = List.of("\u0000", "a\u0000", "x".repeat(10_000), "%", "_", "\\", "'", "-1", "1e400", " ");
        var filters = Map.of(
                "/api/runs", List.of("q", "owner", "tag", "experiment", "status", "sort", "page", "size", "kind"),
                "/api/sweeps", List.of("q", "owner", "status", "page", "size"));
        for (var entry : filters.entrySet()) {
            for (var name : entry.getValue()) {
                for (var value : values) {
                    var request = get(entry.getKey()).param(name, value);
                    check(entry.getKey() + "?" + name, value, request);
                }
            }
        }
        for (var value : values) {
            for (var api :
                    List.of("/api/runs/{id}", "/api/sweeps/{id}", "/api/models/{id}", "/api/datasets/{id}/file")) {
                check(api, value, get(api, value));
            }
            for (var page : List.of("/runs/{id}", "/sweeps/{id}", "/models/{id}", "/datasets/{id}")) {
                checkPage(page, value, get(page, value));
            }
            // the launch form picks an upload named in its address; an unknown one is the form's to refuse
            checkPage("/runs/new?model", value, get("/runs/new").param("model", value));
            checkPage("/runs/new?dataset", value, get("/runs/new").param("dataset", value));
        }
        for (var request : List.of(
                patch("/api/users/{username}", "a\u0000b")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"),
                post("/api/users/{username}/password", "a\u0000b")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"new_password\": \"a long enough password\"}"))) {
            check("a path variable", "\\u0000", request);
        }
        assertThat(failures).as("filters answered with a 5xx").isEmpty();
    }

    /**
     * A sweep's parameter values are JSON of any type, and a base field that a parameter sweeps is replaced by each
     * trial's value: neither is read as the type it looks like.
     */
    private static boolean freeForm(String endpoint, List<Object> path) {
        return endpoint.equals("POST /api/sweeps")
                && (path.get(0).equals("parameters") || path.equals(List.of("base", "schedule", "base_lr")));
    }

    /** Whether accepting {@code mutant} where {@code original} stood means a value of another JSON type was converted. */
    private static boolean coerced(JsonNode original, JsonNode mutant) {
        boolean scalar = mutant.isString() || mutant.isNumber() || mutant.isBoolean();
        if (original.isString()) {
            return mutant.isNumber() || mutant.isBoolean();
        }
        if (original.isNumber() || original.isBoolean()) {
            return scalar && original.getNodeType() != mutant.getNodeType();
        }
        return false;
    }

    private int send(String endpoint, String path, JsonNode mutant, String body) throws Exception {
        String[] parts = endpoint.split(" ");
        var request = (parts[0].equals("PATCH") ? patch(parts[1]) : post(parts[1]))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        return check(endpoint + " " + path, mutant.toString(), request);
    }

    private int check(String where, String what, MockHttpServletRequestBuilder request) throws Exception {
        var response = mvc.perform(request).andReturn().getResponse();
        int status = response.getStatus();
        String shown = what.length() > 40 ? what.substring(0, 40) + "…" : what;
        String body = response.getContentAsString();
        if (body.contains("`") || body.contains("dev.anneal.") || body.contains("tools.jackson")) {
            failures.add("%s = %s: %d names code: %s".formatted(where, shown, status, body));
        }
        if (status >= 500) {
            failures.add("%s = %s: %d %s".formatted(where, shown, status, response.getContentAsString()));
        } else if (status == 400) {
            var answer = json.readTree(response.getContentAsString());
            if (!answer.has("errors") || answer.get("errors").isEmpty()) {
                failures.add("%s = %s: 400 naming no field: %s".formatted(where, shown, response.getContentAsString()));
            }
        }
        return status;
    }

    /** A page answers a bad address with a page of its own: never a 5xx, never a word of code. */
    private void checkPage(String where, String what, MockHttpServletRequestBuilder request) throws Exception {
        var response =
                mvc.perform(request.accept(MediaType.TEXT_HTML)).andReturn().getResponse();
        String shown = what.length() > 40 ? what.substring(0, 40) + "…" : what;
        String body = response.getContentAsString();
        if (response.getStatus() >= 500 || body.contains("dev.anneal.") || body.contains("tools.jackson")) {
            failures.add("%s = %s: %d %s".formatted(where, shown, response.getStatus(), body));
        }
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (var step : path) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
        }
        return node;
    }

    /** Every path to a field or list element of {@code node}, objects and lists included: names and indices. */
    private static List<List<Object>> paths(JsonNode node, List<Object> prefix) {
        var found = new ArrayList<List<Object>>();
        if (node instanceof ObjectNode object) {
            for (var name : object.propertyNames()) {
                found.addAll(pathsBelow(object.get(name), prefix, name));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                found.addAll(pathsBelow(array.get(i), prefix, i));
            }
        }
        return found;
    }

    private static List<List<Object>> pathsBelow(JsonNode child, List<Object> prefix, Object step) {
        var path = new ArrayList<>(prefix);
        path.add(step);
        var found = new ArrayList<List<Object>>();
        found.add(path);
        found.addAll(paths(child, path));
        return found;
    }

    private static void replace(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (var step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
        }
        var last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }
}
