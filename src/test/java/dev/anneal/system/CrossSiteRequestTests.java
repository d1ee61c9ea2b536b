package dev.anneal.system;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** A page of another site cannot cancel, resume or launch runs through a visitor's browser. */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CrossSiteRequestTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private String runId;

    @BeforeEach
    void launchRun() throws Exception {
        String body = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 10}}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        runId = json.readTree(body).get("id").asString();
    }

    @Test
    void shouldRefuseACrossSiteFormPostAndLeaveTheRunAlone() throws Exception {
        mvc.perform(post("/api/runs/" + runId + "/cancel")
                        .header("Origin", "https://evil.example")
                        .header("Sec-Fetch-Site", "cross-site")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Cross-site request refused"))
                .andExpect(jsonPath("$.detail")
                        .value("POST /api/runs/" + runId + "/cancel was sent by a page of another site"
                                + " (Sec-Fetch-Site: cross-site); Anneal acts only on requests from its own pages or"
                                + " from clients that are no browser"));

        mvc.perform(get("/api/runs/" + runId)).andExpect(jsonPath("$.status").value("QUEUED"));
    }

    @Test
    void shouldRefuseAForeignOriginFromABrowserThatSendsNoFetchMetadata() throws Exception {
        mvc.perform(post("/api/runs/" + runId + "/cancel").header("Origin", "http://localhost.evil.example"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/runs")
                        .header("Origin", "null")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/runs/" + runId + "/cancel").header("Sec-Fetch-Site", "same-site"))
                .andExpect(status().isForbidden());

        mvc.perform(get("/api/runs/" + runId)).andExpect(jsonPath("$.status").value("QUEUED"));
    }

    @Test
    void shouldActOnRequestsFromItsOwnPages() throws Exception {
        mvc.perform(post("/api/runs/" + runId + "/cancel")
                        .header("Origin", "http://localhost")
                        .header("Sec-Fetch-Site", "same-origin"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
    }

    @Test
    void shouldActOnOwnOriginWithoutFetchMetadataAndOnClientsThatAreNoBrowser() throws Exception {
        mvc.perform(post("/api/runs/" + runId + "/cancel").header("Origin", "http://localhost:80"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/runs/" + runId + "/resume")) // curl, a CI pipeline
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("QUEUED"));
    }

    @Test
    void shouldLetAnotherSiteReadAsBefore() throws Exception {
        mvc.perform(get("/api/runs/" + runId).header("Sec-Fetch-Site", "cross-site"))
                .andExpect(status().isOk());
    }
}
