package dev.anneal.access;

import java.util.List;
import java.util.Optional;

/**
 * Every kind of request Anneal answers, and who may make it: one table, written as the controllers map their
 * endpoints, from which the sign-in's filter chain is built (and nothing else is let through: a request no rule
 * names is refused). A test reads Spring's own handler mappings and fails for an endpoint without a rule here, so a
 * new endpoint cannot go out unguarded.
 */
public final class AccessRules {

    /** The rules, the first that matches a request deciding it. */
    public static final List<AccessRule> ALL = List.of(
            anyone("GET", "/actuator/health", "the status for load balancers and the header's badge"),
            anyone("GET", "/actuator/health/**", "the status for load balancers and the header's badge"),
            anyone("GET", "/login", "signing in"),
            anyone("GET", "/setup", "the first start: the link's one-time token is the credential"),
            anyone("POST", "/setup", "the first start: the link's one-time token is the credential"),
            anyone(null, "/error", "the error page of a refused or failed request, whatever its method"),
            anyone("GET", "/css/**", "static assets"),
            anyone("GET", "/js/**", "static assets"),
            anyone("GET", "/webjars/**", "static assets"),
            anyone("GET", "/favicon.svg", "static assets"),
            anyone("GET", "/client/anneal_log.py", "the Python client: one public file, no secret in it"),
            viewer("GET", "/", "the runs table"),
            // before /runs/{id}, which would match it
            member("GET", "/runs/new", "the launch form"),
            viewer("GET", "/runs/{id}", "a run's page"),
            viewer("GET", "/compare", "the compare page"),
            viewer("GET", "/sweeps", "the sweeps list"),
            // before /sweeps/{id}, which would match it
            member("GET", "/sweeps/new", "the sweep form"),
            viewer("GET", "/sweeps/{id}", "a sweep's page"),
            viewer("GET", "/models", "the uploaded models"),
            viewer("GET", "/models/{id}", "an uploaded model's page"),
            viewer("GET", "/datasets", "the uploaded datasets"),
            viewer("GET", "/datasets/{id}", "an uploaded dataset's page"),
            signedIn("GET", "/profile", "one's profile and API tokens"),
            admin("GET", "/admin/users", "the page of users"),
            viewer("GET", "/api/runs", "listing runs"),
            viewer("GET", "/api/runs/series", "several runs' metrics and events, as the compare page reads them"),
            viewer("GET", "/api/runs/{id}", "reading a run"),
            viewer("GET", "/api/runs/{id}/events", "a run's events"),
            viewer("GET", "/api/runs/{id}/metrics", "a run's metrics"),
            viewer("GET", "/api/runs/{id}/metrics.csv", "a run's metrics"),
            viewer("GET", "/api/runs/{id}/stream", "a run's live stream"),
            viewer("GET", "/api/runs/{id}/model", "the model a run trained"),
            viewer("GET", "/api/compare", "comparing runs"),
            viewer("POST", "/api/schedules/preview", "a preview computes a schedule and changes nothing"),
            member("POST", "/api/runs", "launching a run"),
            member("POST", "/api/runs/{id}/cancel", "cancelling: the run's owner or an admin (the run module checks)"),
            member("POST", "/api/runs/{id}/resume", "resuming: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/runs/{id}/log",
                    "logging to an external run: its owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/runs/{id}/finish",
                    "ending an external run: its owner or an admin (the run module checks)"),
            member("POST", "/api/models", "uploading a model"),
            viewer("GET", "/api/models", "listing uploaded models"),
            viewer("GET", "/api/models/{id}", "reading an uploaded model"),
            viewer("GET", "/api/models/{id}/file", "downloading an uploaded model"),
            member("DELETE", "/api/models/{id}", "deleting a model: its owner or an admin (the library module checks)"),
            member("POST", "/api/datasets", "uploading a dataset"),
            viewer("GET", "/api/datasets", "listing uploaded datasets"),
            viewer("GET", "/api/datasets/{id}", "reading an uploaded dataset"),
            viewer("GET", "/api/datasets/{id}/file", "downloading an uploaded dataset"),
            member(
                    "DELETE",
                    "/api/datasets/{id}",
                    "deleting a dataset: its owner or an admin (the library module checks)"),
            viewer("GET", "/api/2.0/mlflow/experiments/get", "MLflow's API: reading"),
            viewer("GET", "/api/2.0/mlflow/experiments/get-by-name", "MLflow's API: reading"),
            viewer("GET", "/api/2.0/mlflow/experiments/list", "MLflow's API: reading"),
            viewer("GET", "/api/2.0/mlflow/experiments/search", "MLflow's API: reading"),
            viewer("GET", "/api/2.0/mlflow/runs/get", "MLflow's API: reading"),
            viewer("GET", "/api/2.0/mlflow/metrics/get-history", "MLflow's API: reading"),
            viewer("GET", "/api/2.0/mlflow/artifacts/list", "MLflow's API: reading"),
            viewer("POST", "/api/2.0/mlflow/experiments/search", "MLflow's API: a search changes nothing"),
            viewer("POST", "/api/2.0/mlflow/runs/search", "MLflow's API: a search changes nothing"),
            member(
                    "POST",
                    "/api/2.0/mlflow/experiments/create",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/experiments/update",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/experiments/delete",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/experiments/restore",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/experiments/set-experiment-tag",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/experimentsset-experiment-tag",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/create",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/update",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/delete",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/restore",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/log-metric",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/log-batch",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/log-parameter",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/set-tag",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            member(
                    "POST",
                    "/api/2.0/mlflow/runs/delete-tag",
                    "MLflow's API: the run's owner or an admin (the run module checks)"),
            viewer("GET", "/api/2.0/mlflow-artifacts/artifacts", "MLflow's artifact proxy: listing"),
            viewer("GET", "/api/2.0/mlflow-artifacts/artifacts/**", "MLflow's artifact proxy: downloading"),
            member(
                    "PUT",
                    "/api/2.0/mlflow-artifacts/artifacts/**",
                    "MLflow's artifact proxy: uploading, the run's owner or an admin (the ingest module checks)"),
            viewer("GET", "/api/sweeps", "listing sweeps"),
            viewer("GET", "/api/sweeps/{id}", "reading a sweep with its trials"),
            viewer("GET", "/api/sweeps/{id}/trials.csv", "a sweep's trials"),
            viewer("POST", "/api/sweeps/preview", "a preview counts a sweep's trials and changes nothing"),
            member("POST", "/api/sweeps", "creating a sweep, which launches runs"),
            member(
                    "POST",
                    "/api/sweeps/{id}/cancel",
                    "cancelling: the sweep's owner or an admin (the sweep module checks)"),
            signedIn("POST", "/api/tokens", "issuing oneself a token"),
            signedIn("GET", "/api/tokens", "listing one's tokens (an admin's: everyone's)"),
            signedIn("DELETE", "/api/tokens/{id}", "revoking a token: its owner or an admin (checked when revoking)"),
            admin("POST", "/api/users", "creating a user"),
            admin("GET", "/api/users", "listing users"),
            admin("PATCH", "/api/users/{username}", "changing a user's role or disabling them"),
            admin("POST", "/api/users/{username}/password", "resetting a user's password"),
            signedIn("POST", "/api/account/password", "changing one's own password (signed in, not with a token)"),
            viewer("GET", "/actuator", "the actuator's index of its endpoints"),
            viewer("GET", "/actuator/info", "the build's version"),
            viewer("GET", "/v3/api-docs", "the API's description"),
            viewer("GET", "/v3/api-docs.yaml", "the API's description"),
            viewer("GET", "/v3/api-docs/swagger-config", "the API docs page's settings"),
            viewer("GET", "/v3/api-docs/**", "the API's description, by group"),
            viewer("GET", "/swagger-ui/**", "the API docs page"),
            viewer("GET", "/swagger-ui.html", "the API docs page"));

    private AccessRules() {}

    /** Whether a request to {@code path} is one for the API (problem details) rather than for a page. */
    public static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/actuator") || path.startsWith("/actuator/");
    }

    /** The rule written for exactly {@code method} and {@code pattern}, as a controller maps them. */
    public static Optional<AccessRule> forMapping(String method, String pattern) {
        return ALL.stream()
                .filter(rule -> rule.pattern().equals(pattern))
                .filter(rule -> rule.method() == null || rule.method().equals(method))
                .findFirst();
    }

    private static AccessRule anyone(String method, String pattern, String why) {
        return new AccessRule(method, pattern, Requirement.ANYONE, why);
    }

    private static AccessRule signedIn(String method, String pattern, String why) {
        return new AccessRule(method, pattern, Requirement.SIGNED_IN, why);
    }

    private static AccessRule admin(String method, String pattern, String why) {
        return new AccessRule(method, pattern, Requirement.ADMIN, why);
    }

    private static AccessRule viewer(String method, String pattern, String why) {
        return new AccessRule(method, pattern, Requirement.VIEWER, why);
    }

    private static AccessRule member(String method, String pattern, String why) {
        return new AccessRule(method, pattern, Requirement.MEMBER, why);
    }
}
