package dev.anneal.bench;

import dev.anneal.access.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs a benchmark launches over REST, as the test account, and follows to their end. */
final class BenchRuns {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;

    /** Runs of the application at {@code base} ({@code http://localhost:PORT}). */
    BenchRuns(String base) {
        this.base = base;
    }

    /** Launches {@code body} and answers the run once it has ended (waiting up to two and a half hours). */
    JsonNode launchAndAwait(String body) throws Exception {
        var launched = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                        .header("Authorization", TestAccounts.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (launched.statusCode() != 201) {
            throw new IllegalStateException("the launch was refused: " + launched.body());
        }
        String id = json.readTree(launched.body()).get("id").asString();
        JsonNode run = json.readTree("{}");
        for (int i = 0; i < 30 && !isTerminal(run); i++) {
            run = json.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/runs/" + id + "?wait=300"))
                                    .header("Authorization", TestAccounts.bearer())
                                    .timeout(Duration.ofMinutes(6))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        }
        return run;
    }

    private static boolean isTerminal(JsonNode run) {
        var status = run.path("status").asString("");
        return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
    }
}
