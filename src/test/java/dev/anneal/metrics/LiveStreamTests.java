package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.LocalApi;
import dev.anneal.access.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A run's Server-Sent Events over real HTTP, from launch to the end of a real training run. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LiveStreamTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Autowired
    private LiveStreams streams;

    /** One Server-Sent Event: its name and its data. */
    private record Event(String name, JsonNode data) {}

    private List<Event> follow(String path) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(new LocalApi(port).url(path)))
                                .header("Authorization", TestAccounts.bearer())
                                .timeout(Duration.ofMinutes(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        var events = new ArrayList<Event>();
        String name = null;
        for (String line : (Iterable<String>) response.body()::iterator) { // ends when the server completes
            if (line.startsWith("event:")) {
                name = line.substring("event:".length());
            } else if (line.startsWith("data:")) {
                events.add(new Event(name, json.readTree(line.substring("data:".length()))));
            }
        }
        return events;
    }

    @Test
    void shouldStreamEveryStepOnceAndTheRestartsAndEndWithTheRun() throws Exception {
        String id = new LocalApi(port).launch("""
                {"dataset": {"name": "synthetic-spirals", "limit": 2000},
                 "model": {"name": "mlp", "hidden": [32, 32]},
                 "schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 5, "batch_size": 16, "device": "cpu"}}""");

        var events = follow("/api/runs/" + id + "/stream");

        var lrSteps = new ArrayList<Integer>();
        for (var event : events) {
            if (event.name().equals("points")) {
                for (JsonNode series : event.data()) {
                    if (series.get("key").asString().equals("lr")) {
                        series.get("points")
                                .forEach(point -> lrSteps.add(point.get("step").asInt()));
                    }
                }
            }
        }
        // 1 800 training examples in batches of 16: 113 steps an epoch
        assertThat(lrSteps).as("every step's rate, once, in order").isEqualTo(range(0, 5 * 113));
        var last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("status");
        assertThat(last.data().get("status").asString()).isEqualTo("SUCCEEDED");
        var restarts = events.stream()
                .filter(event -> event.name().equals("events"))
                .reduce((first, second) -> second)
                .orElseThrow()
                .data()
                .findValuesAsString("kind")
                .stream()
                .filter("RESTART"::equals)
                .count();
        assertThat(restarts).isEqualTo(4);
        assertThat(streams.openStreams()).as("the finished stream is let go").isZero();
    }

    @Test
    void shouldStartAfterTheStepTheBrowserHasAndEndAtOnceForAFinishedRun() throws Exception {
        String id = new LocalApi(port).launch("""
                {"dataset": {"name": "synthetic-spirals", "limit": 500},
                 "model": {"name": "mlp", "hidden": [8]},
                 "schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 1, "batch_size": 50, "device": "cpu"}}""");
        follow("/api/runs/" + id + "/stream"); // until it ends

        var events = follow("/api/runs/" + id + "/stream?after=5");

        var firstPoints = events.stream()
                .filter(event -> event.name().equals("points"))
                .findFirst()
                .orElseThrow()
                .data();
        assertThat(firstPoints.get(0).get("points").get(0).get("step").asInt()).isEqualTo(6);
        assertThat(events.get(events.size() - 1).data().get("status").asString())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldAnswerAnUnknownRunWithNotFound() throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(new LocalApi(port)
                                        .url("/api/runs/00000000-0000-0000-0000-000000000000/stream")))
                                .header("Authorization", TestAccounts.bearer())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldCapTheStreamsOneUserHolds() throws Exception {
        var api = new LocalApi(port);
        String id = api.launch("""
                {"dataset": {"name": "synthetic-spirals", "limit": 2000},
                 "model": {"name": "mlp", "hidden": [8]},
                 "schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 1000, "batch_size": 16, "device": "cpu"}}""");
        var client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(api.url("/api/runs/" + id + "/stream")))
                .header("Authorization", TestAccounts.bearer())
                .build();
        var open = new ArrayList<HttpResponse<java.util.stream.Stream<String>>>();
        for (int i = 0; i < 12; i++) {
            open.add(client.send(request, HttpResponse.BodyHandlers.ofLines()));
        }
        try {
            assertThat(open)
                    .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));

            var refused = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(json.readTree(refused.body()).get("detail").asString())
                    .startsWith("tester already follows 12 live streams, the most one user may");
        } finally {
            api.act("/api/runs/" + id + "/cancel"); // the run ends, and its streams with it
            open.forEach(response -> response.body().close());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (streams.openStreams() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        assertThat(streams.openStreams())
                .as("the ended run's streams are let go")
                .isZero();
    }

    private static List<Integer> range(int from, int to) {
        var steps = new ArrayList<Integer>();
        for (int step = from; step < to; step++) {
            steps.add(step);
        }
        return steps;
    }
}
