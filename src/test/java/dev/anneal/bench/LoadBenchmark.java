package dev.anneal.bench;

import dev.anneal.AnnealApplication;
import dev.anneal.access.TestAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A team's load on one Anneal while a run trains: {@code bench.clients} clients (default 16) for
 * {@code bench.seconds} (default 40) of a mix of requests, 30 % runs list, 30 % the live run's series, 20 % schedule
 * previews, 15 % run pages, 5 % launches, plus {@code bench.viewers} (default 4) browsers following the run's live
 * stream. On a fresh embedded database, never analysed by hand. Prints requests per second, errors and the median
 * and 99th percentile per kind, and the run's training steps per second without and with the load.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@load} ({@code -Dbench.clients=32} and so on to vary it).
 */
public final class LoadBenchmark {

    private static final Duration QUIET = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the clients ask for, and how often out of 100. */
    enum Kind {
        RUNS_LIST(30),
        SERIES(30),
        PREVIEW(20),
        RUN_PAGE(15),
        LAUNCH(5);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        static Kind draw(Random random) {
            int ticket = random.nextInt(100);
            for (Kind kind : values()) {
                ticket -= kind.weight;
                if (ticket < 0) {
                    return kind;
                }
            }
            throw new AssertionError("weights add up to 100");
        }
    }

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        int viewers = Integer.getInteger("bench.viewers", 4);
        var loaded = Duration.ofSeconds(Integer.getInteger("bench.seconds", 40));
        var home = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--server.port=0",
                "--logging.level.root=WARN",
                "--anneal.database.data-dir=" + home.resolve("postgres"),
                "--anneal.checkpoints.dir=" + home.resolve("checkpoints"),
                "--anneal.artifacts.dir=" + home.resolve("artifacts"),
                // one user launches some 200 runs in 40 s, queued behind the watched one: the quota (issue 22) would
                // refuse the last of them; the mix measured stays the same as before it
                "--anneal.limits.queued-runs-per-user=" + Integer.getInteger("bench.queued-runs", 100_000))) {
            var api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
            String run = api.launch("""
                    {"name": "watched", "dataset": {"name": "synthetic-spirals", "limit": 20000, "val_fraction": 0.2},
                     "model": {"name": "mlp", "hidden": [64, 64]},
                     "schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                     "training": {"epochs": 500, "batch_size": 64, "seed": 3, "device": "cpu"}}""");
            api.awaitStep(run, 500);
            api.warmUp(run);

            double quiet = api.stepsPerSecond(run, QUIET);
            System.out.printf("training alone: %.0f steps/s over %d s%n", quiet, QUIET.toSeconds());

            var load = new Load(api, run, clients, viewers);
            load.start();
            double underLoad = api.stepsPerSecond(run, loaded);
            load.stop();

            load.report(loaded);
            System.out.printf(
                    "training under load: %.0f steps/s (%.0f %% of alone)%n", underLoad, 100 * underLoad / quiet);
            api.cancel(run);
        }
    }

    /** The clients and viewers, and what they measured. */
    private static final class Load {

        private final Api api;
        private final String run;
        private final int clients;
        private final int viewers;
        private final ExecutorService threads;
        private final Map<Kind, ConcurrentLinkedQueue<Double>> millis = new EnumMap<>(Kind.class);
        private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        private final AtomicLong streamEvents = new AtomicLong();
        private volatile boolean running = true;

        Load(Api api, String run, int clients, int viewers) {
            this.api = api;
            this.run = run;
            this.clients = clients;
            this.viewers = viewers;
            this.threads = Executors.newFixedThreadPool(clients + viewers);
            for (Kind kind : Kind.values()) {
                millis.put(kind, new ConcurrentLinkedQueue<>());
            }
        }

        void start() {
            for (int i = 0; i < clients; i++) {
                var random = new Random(i);
                threads.execute(() -> {
                    while (running) {
                        request(Kind.draw(random));
                    }
                });
            }
            for (int i = 0; i < viewers; i++) {
                threads.execute(this::view);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            threads.shutdownNow(); // ends the viewers' blocking reads
            threads.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        }

        private void request(Kind kind) {
            long start = System.nanoTime();
            try {
                int status = api.send(kind, run);
                if (status >= 400) {
                    errors.computeIfAbsent(kind + " " + status, k -> new AtomicLong())
                            .incrementAndGet();
                    return;
                }
                millis.get(kind).add((System.nanoTime() - start) / 1e6);
            } catch (IOException e) {
                errors.computeIfAbsent(kind + " " + e.getClass().getSimpleName(), k -> new AtomicLong())
                        .incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** A browser on the run's page: one stream, read as events arrive, reopened if it ends. */
        private void view() {
            while (running) {
                try (InputStream events = api.stream(run)) {
                    byte[] buffer = new byte[8192];
                    int read;
                    while (running && (read = events.read(buffer)) >= 0) {
                        for (int i = 0; i < read; i++) {
                            if (buffer[i] == '\n' && i > 0 && buffer[i - 1] == '\n') {
                                streamEvents.incrementAndGet();
                            }
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    if (running) {
                        errors.computeIfAbsent("STREAM " + e.getClass().getSimpleName(), k -> new AtomicLong())
                                .incrementAndGet();
                    }
                }
            }
        }

        void report(Duration duration) {
            long total = millis.values().stream()
                    .mapToLong(ConcurrentLinkedQueue::size)
                    .sum();
            long failed = errors.values().stream().mapToLong(AtomicLong::get).sum();
            System.out.printf(
                    "%d clients + %d stream viewers for %d s: %d requests (%.0f/s), %d errors%n",
                    clients, viewers, duration.toSeconds(), total, total / (double) duration.toSeconds(), failed);
            System.out.printf("%-10s %8s %10s %10s %10s%n", "kind", "requests", "p50 ms", "p99 ms", "max ms");
            for (Kind kind : Kind.values()) {
                var sorted = new ArrayList<>(millis.get(kind));
                Collections.sort(sorted);
                System.out.printf(
                        "%-10s %8d %10.0f %10.0f %10.0f%n",
                        kind.name().toLowerCase().replace('_', ' '),
                        sorted.size(),
                        percentile(sorted, 0.50),
                        percentile(sorted, 0.99),
                        percentile(sorted, 1.0));
            }
            System.out.printf("stream events received: %d%n", streamEvents.get());
            errors.forEach((what, count) -> System.out.printf("error %s: %d%n", what, count.get()));
        }

        private static double percentile(List<Double> sorted, double p) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
        }
    }

    /** The requests of each kind, over real HTTP. */
    private static final class Api {

        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        private final String base;

        Api(int port) {
            this.base = "http://localhost:" + port;
        }

        /** A few requests of every kind first, so that compiling templates and code is not what is measured. */
        void warmUp(String run) throws IOException, InterruptedException {
            for (int i = 0; i < 20; i++) {
                for (Kind kind : Kind.values()) {
                    if (kind != Kind.LAUNCH) {
                        send(kind, run);
                    }
                }
            }
        }

        int send(Kind kind, String run) throws IOException, InterruptedException {
            var request = switch (kind) {
                case RUNS_LIST -> get("/api/runs?size=20");
                case SERIES -> get("/api/runs/" + run + "/metrics?keys=lr,train_loss&max_points=1000");
                case PREVIEW -> post("/api/schedules/preview", """
                        {"schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 10, "t_mult": 2}, "total_steps": 2000}""");
                case RUN_PAGE -> get("/runs/" + run);
                case LAUNCH -> post("/api/runs", """
                        {"dataset": {"name": "synthetic-spirals", "limit": 1000},
                         "schedule": {"base_lr": 0.05, "t_max": 1}, "training": {"epochs": 1}}""");
            };
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        InputStream stream(String run) throws IOException, InterruptedException {
            return http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/runs/" + run + "/stream"))
                                    .header("Authorization", TestAccounts.bearer())
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream())
                    .body();
        }

        String launch(String body) throws IOException, InterruptedException {
            var response = http.send(post("/api/runs", body), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("launch answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).get("id").asString();
        }

        void cancel(String run) throws IOException, InterruptedException {
            http.send(post("/api/runs/" + run + "/cancel", ""), HttpResponse.BodyHandlers.discarding());
        }

        long step(String run) throws IOException, InterruptedException {
            var response = http.send(get("/api/runs/" + run), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).get("progress").get("step").asLong();
        }

        void awaitStep(String run, long step) throws IOException, InterruptedException {
            while (step(run) < step) {
                Thread.sleep(200);
            }
        }

        double stepsPerSecond(String run, Duration duration) throws IOException, InterruptedException {
            long start = System.nanoTime();
            long first = step(run);
            Thread.sleep(duration.toMillis());
            long last = step(run);
            return (last - first) / ((System.nanoTime() - start) / 1e9);
        }

        private HttpRequest get(String path) {
            return HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", TestAccounts.bearer())
                    .timeout(REQUEST_TIMEOUT)
                    .build();
        }

        private HttpRequest post(String path, String body) {
            return HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", TestAccounts.bearer())
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }
    }
}
