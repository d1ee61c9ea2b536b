package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** A long-poll in flight when the application shuts down answers with the run as it stands. */
@SpringBootTest(properties = "db-scheduler.enabled=false") // nothing trains: the run stays queued
@AutoConfigureMockMvc
@ActiveProfiles("test")
@DirtiesContext // its beans believe the application is shutting down
class LongPollShutdownTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private ConfigurableApplicationContext context;

    @Test
    void shouldAnswerALongPollAtOnceWhenTheApplicationShutsDown() throws Exception {
        var launched = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"schedule": {"base_lr": 0.1, "t_max": 1}}"""))
                .andExpect(status().isCreated())
                .andReturn();
        String id = json.readTree(launched.getResponse().getContentAsString())
                .get("id")
                .asString();
        var poll = mvc.perform(get("/api/runs/" + id).param("wait", "120")).andReturn();
        Thread.sleep(1000);
        assertThatIllegalStateException() // the poll waits while the run is queued
                .isThrownBy(() -> poll.getAsyncResult(0));

        // what closing the context publishes first, before it waits for requests in flight (a real close would
        // also take the test framework's context away from under it)
        context.publishEvent(new ContextClosedEvent(context));

        // without the shutdown signal the poll would wait out its 120 s
        var response = mvc.perform(asyncDispatch(poll)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json.readTree(response.getContentAsString()).get("status").asString())
                .isEqualTo("QUEUED");
    }
}
