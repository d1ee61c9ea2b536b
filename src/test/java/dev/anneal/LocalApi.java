package dev.anneal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.access.TestAccounts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Anneal's REST API on a test's local port, over real HTTP: what browser tests use to set the scene. */
public final class LocalApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final int port;

    public LocalApi(int port) {
        this.port = port;
    }

    /** The address of {@code path} on the test's server. */
    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Launches a run with the launch body {@code body}; answers its id. */
    public String launch(String body) throws IOException, InterruptedException {
        return create("/api/runs", body);
    }

    /** POSTs {@code body} to {@code path}, expecting {@code 201 Created}; answers the id of what was created. */
    public String create(String path, String body) throws IOException, InterruptedException {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .header("Authorization", TestAccounts.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("id").asString();
    }

    /** Waits up to two minutes for run {@code id} to end; answers its status. */
    public String awaitEnd(String id) throws IOException, InterruptedException {
        return get("/api/runs/" + id + "?wait=120").get("status").asString();
    }

    /** POSTs nothing to {@code path} (an action such as cancel), expecting {@code 200}. */
    public void act(String path) throws IOException, InterruptedException {
        post(path, HttpRequest.BodyPublishers.noBody());
    }

    /** POSTs the JSON {@code body} to {@code path} (a batch a script logs), expecting {@code 200}. */
    public void post(String path, String body) throws IOException, InterruptedException {
        post(path, HttpRequest.BodyPublishers.ofString(body));
    }

    private void post(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .header("Authorization", TestAccounts.bearer())
                        .header("Content-Type", "application/json")
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** The JSON document at {@code path}, as the test's admin reads it. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .header("Authorization", TestAccounts.bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
