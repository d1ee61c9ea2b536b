package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.anneal.library.DatasetManifest;
import dev.anneal.library.Datasets;
import dev.anneal.library.ModelManifest;
import dev.anneal.library.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint the application maps (read from Spring's own handler mappings: a new one without a row here fails)
 * × every kind of caller → what it is answered: {@code 401} (sign in first), {@code 302} (a page sends the visitor to
 * the sign-in page), {@code 403} (signed in, not allowed), {@code ok} (let through: whatever the endpoint then
 * answers, short of a server error; a redirect elsewhere than to signing in included) or {@code any} (let through,
 * any answer: the error page answers the status of the error it shows). A path's {@code {id}} is a run, sweep or
 * token of the caller's own, but for "other", a member acting on another member's.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class AuthorizationMatrixTests {

    /** The callers, in the order of the table's columns. */
    enum Caller {
        ANONYMOUS,
        VIEWER,
        OWN,
        OTHER,
        ADMIN,
        READ_TOKEN,
        WRITE_TOKEN,
        REVOKED_TOKEN,
        EXPIRED_TOKEN
    }

    // anonymous viewer own other admin read write revoked expired
    private static final String MATRIX = """
            GET /                                  302 ok  ok  ok  ok  ok  ok  401 401
            GET /runs/{id}                         302 ok  ok  ok  ok  ok  ok  401 401
            GET /compare                           302 ok  ok  ok  ok  ok  ok  401 401
            GET /runs/new                          302 403 ok  ok  ok  403 ok  401 401
            GET /sweeps                            302 ok  ok  ok  ok  ok  ok  401 401
            GET /sweeps/new                        302 403 ok  ok  ok  403 ok  401 401
            GET /sweeps/{id}                       302 ok  ok  ok  ok  ok  ok  401 401
            GET /models                            302 ok  ok  ok  ok  ok  ok  401 401
            GET /models/{id}                       302 ok  ok  ok  ok  ok  ok  401 401
            GET /datasets                          302 ok  ok  ok  ok  ok  ok  401 401
            GET /datasets/{id}                     302 ok  ok  ok  ok  ok  ok  401 401
            GET /profile                           302 ok  ok  ok  ok  ok  ok  401 401
            GET /admin/users                       302 403 403 403 ok  403 403 401 401
            GET /login                             ok  ok  ok  ok  ok  ok  ok  401 401
            GET /setup                             ok  ok  ok  ok  ok  ok  ok  401 401
            POST /setup                            ok  ok  ok  ok  ok  ok  ok  401 401
            GET /error                             any any any any any any any 401 401
            POST /error                            any any any any any any any 401 401
            GET /client/anneal_log.py              ok  ok  ok  ok  ok  ok  ok  401 401
            GET /actuator                          401 ok  ok  ok  ok  ok  ok  401 401
            GET /actuator/health                   ok  ok  ok  ok  ok  ok  ok  401 401
            GET /actuator/health/**                ok  ok  ok  ok  ok  ok  ok  401 401
            GET /actuator/info                     401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/runs                          401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/runs/{id}                     401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/runs/{id}/events              401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/runs/{id}/metrics             401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/runs/{id}/metrics.csv         401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/runs/{id}/stream              401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/runs/series                   401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/compare                       401 ok  ok  ok  ok  ok  ok  401 401
            POST /api/schedules/preview            401 ok  ok  ok  ok  ok  ok  401 401
            POST /api/runs                         401 403 ok  ok  ok  403 ok  401 401
            POST /api/runs/{id}/cancel             401 403 ok  403 ok  403 ok  401 401
            POST /api/runs/{id}/resume             401 403 ok  403 ok  403 ok  401 401
            POST /api/runs/{id}/log                401 403 ok  403 ok  403 ok  401 401
            POST /api/runs/{id}/finish             401 403 ok  403 ok  403 ok  401 401
            GET /api/2.0/mlflow/experiments/get                    401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/2.0/mlflow/experiments/get-by-name            401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/2.0/mlflow/experiments/list                   401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/2.0/mlflow/experiments/search                 401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/2.0/mlflow/runs/get                           401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/2.0/mlflow/metrics/get-history                401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/2.0/mlflow/artifacts/list                     401 ok  ok  ok  ok  ok  ok  401 401
            POST /api/2.0/mlflow/experiments/search                401 ok  ok  ok  ok  ok  ok  401 401
            POST /api/2.0/mlflow/runs/search                       401 ok  ok  ok  ok  ok  ok  401 401
            POST /api/2.0/mlflow/experiments/create                401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/experiments/update                401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/experiments/delete                401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/experiments/restore               401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/experiments/set-experiment-tag    401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/experimentsset-experiment-tag     401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/create                       401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/update                       401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/delete                       401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/restore                      401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/log-metric                   401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/log-batch                    401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/log-parameter                401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/set-tag                      401 403 ok  ok  ok  403 ok  401 401
            POST /api/2.0/mlflow/runs/delete-tag                   401 403 ok  ok  ok  403 ok  401 401
            GET /api/2.0/mlflow-artifacts/artifacts  401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/2.0/mlflow-artifacts/artifacts/** 401 ok  ok  ok  ok  ok  ok  401 401
            PUT /api/2.0/mlflow-artifacts/artifacts/** 401 403 ok  ok  ok  403 ok  401 401
            GET /api/sweeps                        401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/runs/{id}/model               401 ok  ok  ok  ok  ok  ok  401 401
            POST /api/models                       401 403 ok  ok  ok  403 ok  401 401
            GET /api/models                        401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/models/{id}                   401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/models/{id}/file              401 ok  ok  ok  ok  ok  ok  401 401
            DELETE /api/models/{id}                401 403 ok  403 ok  403 ok  401 401
            POST /api/datasets                     401 403 ok  ok  ok  403 ok  401 401
            GET /api/datasets                      401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/datasets/{id}                 401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/datasets/{id}/file            401 ok  ok  ok  ok  ok  ok  401 401
            DELETE /api/datasets/{id}              401 403 ok  403 ok  403 ok  401 401
            GET /api/sweeps/{id}                   401 ok  ok  ok  ok  ok  ok  401 401
            GET /api/sweeps/{id}/trials.csv        401 ok  ok  ok  ok  ok  ok  401 401
            POST /api/sweeps/preview               401 ok  ok  ok  ok  ok  ok  401 401
            POST /api/sweeps                       401 403 ok  ok  ok  403 ok  401 401
            POST /api/sweeps/{id}/cancel           401 403 ok  403 ok  403 ok  401 401
            POST /api/tokens                       401 ok  ok  ok  ok  403 403 401 401
            GET /api/tokens                        401 ok  ok  ok  ok  ok  ok  401 401
            DELETE /api/tokens/{id}                401 ok  ok  403 ok  403 ok  401 401
            POST /api/users                        401 403 403 403 ok  403 403 401 401
            GET /api/users                         401 403 403 403 ok  403 403 401 401
            PATCH /api/users/{username}            401 403 403 403 ok  403 403 401 401
            POST /api/users/{username}/password    401 403 403 403 ok  403 403 401 401
            POST /api/account/password             401 ok  ok  ok  ok  403 403 401 401
            GET /v3/api-docs                       302 ok  ok  ok  ok  ok  ok  401 401
            GET /v3/api-docs.yaml                  302 ok  ok  ok  ok  ok  ok  401 401
            GET /v3/api-docs/swagger-config        302 ok  ok  ok  ok  ok  ok  401 401
            GET /swagger-ui.html                   302 ok  ok  ok  ok  ok  ok  401 401
            """;

    private static final String PASSWORD = "a long enough password";

    @Autowired
    private WebApplicationContext web;

    @Autowired
    private ApplicationContext context;

    @Autowired
    private Users users;

    @Autowired
    private ApiTokens tokens;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private Models models;

    @Autowired
    private Datasets datasets;

    /** MockMvc without the tests' signed-in default: each request here is exactly as its caller sends it. */
    private MockMvc mvc;

    private String viewer;
    private String member;
    private String otherMember;
    private String spare;
    private final Map<Caller, String> tokenOf = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(web).apply(springSecurity()).build();
        viewer = newUser(Role.VIEWER);
        member = newUser(Role.MEMBER);
        otherMember = newUser(Role.MEMBER);
        spare = newUser(Role.VIEWER);
        tokenOf.put(
                Caller.READ_TOKEN,
                tokens.issue(member, "read", TokenScope.READ, 1).text());
        tokenOf.put(
                Caller.WRITE_TOKEN,
                tokens.issue(member, "write", TokenScope.WRITE, 1).text());
        var revoked = tokens.issue(member, "revoked", TokenScope.WRITE, 1);
        tokens.revoke(revoked.token().id());
        tokenOf.put(Caller.REVOKED_TOKEN, revoked.text());
        var expired = tokens.issue(member, "expired", TokenScope.WRITE, 1);
        jdbc.update(
                "update api_token set expires_at = now() - interval '1 minute' where id = ?",
                expired.token().id());
        tokenOf.put(Caller.EXPIRED_TOKEN, expired.text());
    }

    private String newUser(Role role) {
        String name = role.apiName().charAt(0) + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, PASSWORD, role);
        return name;
    }

    @Test
    void shouldAnswerEveryEndpointForEveryCallerAsTheTableSays() throws Exception {
        var expected = expectations();
        var mapped = MappedEndpoints.of(context);
        assertThat(expected.keySet())
                .as("the table's rows are the endpoints the application maps: a new endpoint needs a row")
                .containsExactlyInAnyOrderElementsOf(mapped);

        var wrong = new ArrayList<String>();
        for (var row : expected.entrySet()) {
            for (Caller caller : Caller.values()) {
                String want = row.getValue().get(caller.ordinal());
                var response = answer(row.getKey(), caller);
                if (!matches(want, response)) {
                    wrong.add("%s as %s: %d, the table says %s"
                            .formatted(row.getKey(), caller, response.getStatus(), want));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static Map<String, List<String>> expectations() {
        var rows = new LinkedHashMap<String, List<String>>();
        for (String line : MATRIX.strip().split("\n")) {
            var cells = line.trim().split("\\s+");
            assertThat(cells).as(line).hasSize(2 + Caller.values().length);
            rows.put(cells[0] + " " + cells[1], Arrays.asList(cells).subList(2, cells.length));
        }
        return rows;
    }

    private static boolean matches(String want, MockHttpServletResponse response) {
        int status = response.getStatus();
        boolean toSignIn =
                status == 302 && String.valueOf(response.getRedirectedUrl()).endsWith("/login");
        return switch (want) {
            case "ok" -> status != 401 && status != 403 && !toSignIn && status < 500;
            case "any" -> status != 401 && status != 403 && !toSignIn;
            case "302" -> toSignIn;
            default -> status == Integer.parseInt(want);
        };
    }

    /** What {@code endpoint} answers {@code caller}, on things made for this one request where it changes them. */
    private MockHttpServletResponse answer(String endpoint, Caller caller) throws Exception {
        String[] parts = endpoint.split(" ", 2);
        var method = HttpMethod.valueOf(parts[0]);
        String path = concrete(endpoint, caller);
        var request = request(method, path).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_HTML);
        String body = bodyOf(endpoint);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(as(caller, request, method)).andReturn().getResponse();
    }

    private MockHttpServletRequestBuilder as(Caller caller, MockHttpServletRequestBuilder request, HttpMethod method) {
        boolean changes = method != HttpMethod.GET;
        switch (caller) {
            case ANONYMOUS -> {}
            case VIEWER -> request.with(user(viewer).roles("VIEWER"));
            case OWN, OTHER -> request.with(user(member).roles("MEMBER"));
            case ADMIN -> request.with(user(TestAccounts.USERNAME).roles("ADMIN"));
            default -> {
                // each token caller from an address of its own: the revoked and expired ones are refused again and
                // again, and an address refused that often is made to wait (TokenGuesses) before any rule is asked
                return request.header("Authorization", "Bearer " + tokenOf.get(caller))
                        .with(from("192.0.2." + caller.ordinal()));
            }
        }
        // a browser's request that changes something carries the page's CSRF token; a token's needs none
        return changes ? request.with(csrf()) : request;
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** The pattern with its variables filled for the caller: their own run or token, or another's for OTHER. */
    private String concrete(String endpoint, Caller caller) throws Exception {
        String pattern = endpoint.split(" ", 2)[1];
        String owner = caller == Caller.OTHER ? otherMember : caller == Caller.VIEWER ? viewer : member;
        if (pattern.contains("{id}") && pattern.startsWith("/api/tokens")) {
            pattern = pattern.replace(
                    "{id}",
                    tokens.issue(owner, "to revoke", TokenScope.READ, 1)
                            .token()
                            .id()
                            .toString());
        } else if (pattern.contains("{id}") && pattern.contains("/models/")) {
            pattern = pattern.replace("{id}", modelOf(caller == Caller.OTHER ? otherMember : member));
        } else if (pattern.contains("{id}") && pattern.contains("/datasets/")) {
            pattern = pattern.replace("{id}", datasetOf(caller == Caller.OTHER ? otherMember : member));
        } else if (pattern.contains("{id}") && pattern.contains("/sweeps/")) {
            pattern = pattern.replace("{id}", sweepOf(caller == Caller.OTHER ? otherMember : member));
        } else if (pattern.contains("{id}")) {
            String runOwner = caller == Caller.OTHER ? otherMember : member;
            pattern = endpoint.endsWith("/log") || endpoint.endsWith("/finish")
                    ? pattern.replace("{id}", externalRunOf(runOwner))
                    : pattern.replace("{id}", runOf(runOwner, endpoint.endsWith("/resume")));
        }
        return pattern.replace("{username}", spare)
                .replace("/actuator/health/**", "/actuator/health/db")
                .replace("/**", "/all");
    }

    /** A fresh queued run of {@code owner}'s; cancelled first when it is to be resumed. */
    private String runOf(String owner, boolean cancelled) throws Exception {
        String body = mvc.perform(post("/api/runs")
                        .with(user(owner).roles("MEMBER"))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 10}}"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = json.readTree(body).get("id").asString();
        if (cancelled) {
            mvc.perform(post("/api/runs/" + id + "/cancel")
                    .with(user(owner).roles("MEMBER"))
                    .with(csrf()));
        }
        return id;
    }

    /** A fresh external run of {@code owner}'s, which a script logs to. */
    private String externalRunOf(String owner) throws Exception {
        String body = mvc.perform(post("/api/runs")
                        .with(user(owner).roles("MEMBER"))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\": \"external\"}"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(body).get("id").asString();
    }

    /** A fresh uploaded model of {@code owner}'s: the scripted MLP of the fixtures, under a name of its own. */
    private String modelOf(String owner) throws Exception {
        var manifest = new ModelManifest(
                "matrix-" + UUID.randomUUID().toString().substring(0, 8),
                "1",
                null,
                List.of(20L),
                "float32",
                ModelManifest.Task.CLASSIFICATION,
                3,
                null,
                "cross_entropy");
        try (var file = Files.newInputStream(Path.of("src/test/resources/models/mlp.pt"))) {
            return models.upload(new Actor(owner, Role.MEMBER), manifest, file)
                    .id()
                    .toString();
        }
    }

    /** A fresh uploaded dataset of {@code owner}'s: the CSV of the fixtures, under a name of its own. */
    private String datasetOf(String owner) throws Exception {
        var manifest = new DatasetManifest(
                "matrix-" + UUID.randomUUID().toString().substring(0, 8),
                null,
                DatasetManifest.Format.CSV,
                "species",
                null,
                null,
                null);
        try (var file = Files.newInputStream(Path.of("src/test/resources/datasets/blobs.csv"))) {
            return datasets.upload(new Actor(owner, Role.MEMBER), manifest, file)
                    .id()
                    .toString();
        }
    }

    /** A fresh sweep of {@code owner}'s (nothing trains here: its trials wait). */
    private String sweepOf(String owner) throws Exception {
        String body = mvc.perform(post("/api/sweeps")
                        .with(user(owner).roles("MEMBER"))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(SWEEP))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(body).get("id").asString();
    }

    private static final String SWEEP = """
            {"base": {"schedule": {"base_lr": 0.1, "t_max": 10}}, "parameters": {"schedule.t_mult": {"values": [1, 2]}}}""";

    /** A valid body for the calls that take one, so that a call let through does what it is for. */
    private static String bodyOf(String endpoint) {
        return switch (endpoint) {
            case "POST /api/runs" -> "{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 10}}";
            case "POST /api/schedules/preview" -> "{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 10}}";
            case "POST /api/2.0/mlflow/experiments/create" -> "{\"name\": \"matrix-%s\"}".formatted(UUID.randomUUID());
            case "POST /api/2.0/mlflow/runs/search" -> "{\"experiment_ids\": [\"0\"]}";
            case "POST /api/2.0/mlflow/experiments/search" -> "{}";
            case "POST /api/runs/{id}/log" -> "{\"metrics\": [{\"key\": \"loss\", \"steps\": [0], \"values\": [1.0]}]}";
            case "POST /api/sweeps", "POST /api/sweeps/preview" -> SWEEP;
            case "POST /api/tokens" -> "{\"name\": \"from the matrix\", \"scope\": \"read\", \"expires_in_days\": 1}";
            case "POST /api/users" ->
                "{\"username\": \"x%s\", \"password\": \"%s\", \"role\": \"viewer\"}"
                        .formatted(UUID.randomUUID().toString().substring(0, 8), PASSWORD);
            case "PATCH /api/users/{username}" -> "{\"disabled\": false}";
            case "POST /api/users/{username}/password" -> "{\"new_password\": \"%s\"}".formatted(PASSWORD);
            // the wrong current password: let through, then refused for it (400), and nobody's password changes
            case "POST /api/account/password" ->
                "{\"current_password\": \"not it at all\", \"new_password\": \"%s\"}".formatted(PASSWORD);
            default -> null;
        };
    }
}
