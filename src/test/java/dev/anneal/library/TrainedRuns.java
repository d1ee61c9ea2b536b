package dev.anneal.library;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.anneal.AsyncCalls;
import java.util.UUID;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The runs of the library's tests: launched over the API, awaited to their end. */
final class TrainedRuns {

    private TrainedRuns() {}

    /** The run {@code launched} created, read once it ended (four minutes at most). */
    static JsonNode ended(MockMvc mvc, JsonMapper json, ResultActions launched) throws Exception {
        String id = json.readTree(launched.andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("id")
                .asString();
        return json.readTree(AsyncCalls.answered(mvc, get("/api/runs/" + id).param("wait", "240"))
                .getResponse()
                .getContentAsString());
    }

    /** Sweep {@code id}, read once it is no longer running (three minutes at most). */
    static JsonNode sweepEnded(MockMvc mvc, JsonMapper json, String id) throws Exception {
        var deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        JsonNode read;
        do {
            Thread.sleep(250);
            read = json.readTree(mvc.perform(get("/api/sweeps/" + id))
                    .andReturn()
                    .getResponse()
                    .getContentAsString());
        } while (read.get("status").asString().equals("RUNNING") && System.nanoTime() < deadline);
        return read;
    }

    /** A name no other test uses: {@code prefix-1a2b3c4d}. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
