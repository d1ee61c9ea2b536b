package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** Who gets in, and what a refused request is told: anonymous callers, roles, owners, tokens. */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class SignInTests {

    private static final String LAUNCH = """
            {"dataset": {"name": "synthetic-spirals", "limit": 100}, "model": {"name": "mlp"},
             "schedule": {"base_lr": 0.1, "t_max": 5}, "training": {"epochs": 1, "device": "cpu"}}""";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private Users users;

    @Autowired
    private ApiTokens tokens;

    @Autowired
    private JsonMapper json;

    @Autowired
    private SignInAttempts attempts;

    private String newUser(Role role) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, "a long enough password", role);
        return name;
    }

    private String launchAs(String username, Role role) throws Exception {
        var body = mvc.perform(post("/api/runs")
                        .with(user(username).roles(role.name()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(LAUNCH))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(body).get("id").asString();
    }

    @Test
    void shouldAskAnAnonymousApiCallerToSignInAndSendAnAnonymousVisitorToTheSignInPage() throws Exception {
        mvc.perform(get("/api/runs").with(anonymous()))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"anneal\", Basic realm=\"anneal\""))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail")
                        .value("this call needs a signed-in user or an API token (Authorization: Bearer anl_…)"));
        mvc.perform(get("/").with(anonymous()))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/login")));
        mvc.perform(get("/actuator/health").with(anonymous()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/login").with(anonymous())).andExpect(status().isOk());
    }

    @Test
    void shouldTellAViewerWhatLaunchingNeeds() throws Exception {
        String viewer = newUser(Role.VIEWER);

        mvc.perform(post("/api/runs")
                        .with(user(viewer).roles("VIEWER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(LAUNCH))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail")
                        .value("launching a run needs the member role; %s has [viewer]".formatted(viewer)));
        mvc.perform(get("/api/runs").with(user(viewer).roles("VIEWER"))).andExpect(status().isOk());
    }

    @Test
    void shouldLetOnlyTheOwnerOrAnAdminCancelARunAndRecordWhoLaunchedIt() throws Exception {
        String owner = newUser(Role.MEMBER);
        String other = newUser(Role.MEMBER);
        String id = launchAs(owner, Role.MEMBER);

        mvc.perform(get("/api/runs/" + id)).andExpect(jsonPath("$.owner").value(owner));
        mvc.perform(post("/api/runs/" + id + "/cancel").with(user(other).roles("MEMBER")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail")
                        .value("only the run's owner (%s) or an admin may cancel it; %s is a member"
                                .formatted(owner, other)));
        mvc.perform(post("/api/runs/" + id + "/cancel").with(user(owner).roles("MEMBER")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(get("/api/runs/" + id + "/events"))
                .andExpect(jsonPath("$.events[0].kind").value("LAUNCHED"))
                .andExpect(jsonPath("$.events[0].reason").value("by " + owner))
                .andExpect(jsonPath("$.events[1].kind").value("CANCELLED"))
                .andExpect(jsonPath("$.events[1].reason").value("by " + owner));
    }

    @Test
    void shouldTakeATokenAsBearerOrAsBasicPasswordAndSayWhyAToken401s() throws Exception {
        String member = newUser(Role.MEMBER);
        var write = tokens.issue(member, "ci", TokenScope.WRITE, 30);
        var read = tokens.issue(member, "read", TokenScope.READ, 30);

        var launched = mvc.perform(post("/api/runs")
                        .with(anonymous())
                        .header("Authorization", "Bearer " + write.text())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(LAUNCH))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.owner").value(member))
                .andReturn();
        assertThat(launched.getResponse().getContentAsString()).contains(member);
        mvc.perform(post("/api/runs")
                        .with(anonymous())
                        .header("Authorization", "Bearer " + read.text())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(LAUNCH))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/runs").with(anonymous()).with(request -> {
                    request.addHeader(
                            "Authorization",
                            "Basic " + java.util.Base64.getEncoder().encodeToString(("x:" + write.text()).getBytes()));
                    return request;
                }))
                .andExpect(status().isOk());
        tokens.revoke(write.token().id());
        mvc.perform(get("/api/runs").with(anonymous()).header("Authorization", "Bearer " + write.text()))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("revoked")));
    }

    @Test
    void shouldLogWhoSignedInAndWhatWasRefusedButNeverAPasswordOrAToken(CapturedOutput output) throws Exception {
        String member = newUser(Role.MEMBER);
        var revoked = tokens.issue(member, "leaked", TokenScope.WRITE, 1);
        tokens.revoke(revoked.token().id());

        mvc.perform(get("/api/runs")
                        .with(anonymous())
                        .with(request -> {
                            request.setRemoteAddr("192.0.2.77"); // the first token refused from there this minute
                            return request;
                        })
                        .header("Authorization", "Bearer " + revoked.text()))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/tokens")
                        .with(anonymous())
                        .with(basic(member, "not the password at all"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"ci\", \"scope\": \"read\"}"))
                .andExpect(status().isUnauthorized());
        var issued = mvc.perform(post("/api/tokens")
                        .with(anonymous())
                        .with(basic(member, "a long enough password"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"ci\", \"scope\": \"read\"}"))
                .andExpect(status().isCreated())
                .andReturn();
        String text = json.readTree(issued.getResponse().getContentAsString())
                .get("token")
                .asString();
        mvc.perform(post("/api/tokens")
                        .with(anonymous())
                        .header("Authorization", "Bearer " + text)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"offspring\", \"scope\": \"write\"}"))
                .andExpect(status().isForbidden())
                .andExpect(
                        jsonPath("$.detail")
                                .value(
                                        "a token cannot issue tokens: sign in, or send your password (HTTP Basic) to this call"));

        assertThat(output.getOut())
                .contains("A token from 192.0.2.77 was refused: the token was revoked")
                .contains("Sign-in as " + member + " from 127.0.0.1 refused")
                .contains(member + " issued the read token " + text.substring(0, TokenText.SHOWN) + "… (ci)")
                .doesNotContain(revoked.text())
                .doesNotContain(text)
                .doesNotContain("not the password at all")
                .doesNotContain("a long enough password");
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor basic(
            String user, String password) {
        return request -> {
            request.addHeader(
                    "Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
            return request;
        };
    }

    @Test
    void shouldIssueATokenToAPasswordShowItOnceListItWithoutItAndRevokeItForItsOwnerOnly() throws Exception {
        String owner = newUser(Role.MEMBER);
        String other = newUser(Role.MEMBER);

        var issued = mvc.perform(post("/api/tokens")
                        .with(anonymous())
                        .with(basic(owner, "a long enough password"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"ci\", \"scope\": \"write\", \"expires_in_days\": 7}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.token").value(org.hamcrest.Matchers.startsWith("anl_")))
                .andExpect(jsonPath("$.scope").value("write"))
                .andReturn();
        var token = json.readTree(issued.getResponse().getContentAsString());
        String id = token.get("id").asString();
        mvc.perform(get("/api/tokens").with(user(owner).roles("MEMBER")))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].name").value("ci"))
                .andExpect(jsonPath("$[0].token").value(org.hamcrest.Matchers.nullValue()));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/tokens/" + id)
                        .with(user(other).roles("MEMBER")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("only the token's owner or an admin may revoke it"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/tokens/" + id)
                        .with(user(owner).roles("MEMBER")))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/runs")
                        .with(anonymous())
                        .header("Authorization", "Bearer " + token.get("token").asString()))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/tokens")
                        .with(user(owner).roles("MEMBER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"x\", \"scope\": \"all\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("scope"));
    }

    @Test
    void shouldLetOnlyAdminsManageUsersAndStopADisabledUsersTokens() throws Exception {
        String member = newUser(Role.MEMBER);
        var token = tokens.issue(member, "ci", TokenScope.WRITE, 7);

        mvc.perform(
                        post("/api/users")
                                .with(user(member).roles("MEMBER"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"username\": \"eve\", \"password\": \"a long enough password\", \"role\": \"admin\"}"))
                .andExpect(status().isForbidden());
        String name = "n" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/users")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\": \"%s\", \"password\": \"short\", \"role\": \"viewer\"}"
                                .formatted(name)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("password"));
        mvc.perform(post("/api/users")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"username\": \"%s\", \"password\": \"a long enough password\", \"role\": \"viewer\"}"
                                        .formatted(name)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.role").value("viewer"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/users/" + member)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"disabled\": true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.disabled").value(true));
        mvc.perform(get("/api/runs").with(anonymous()).header("Authorization", "Bearer " + token.text()))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("the token's owner is disabled"));
    }

    @Test
    void shouldListMyRunsOnTheRunsTable() throws Exception {
        String me = newUser(Role.MEMBER);
        String someoneElse = newUser(Role.MEMBER);
        String mine = launchAs(me, Role.MEMBER);
        String theirs = launchAs(someoneElse, Role.MEMBER);

        String page = mvc.perform(get("/").param("owner", me).with(user(me).roles("MEMBER")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains(mine)
                .doesNotContain(theirs)
                .contains("My runs")
                .contains("owner=" + me);
    }

    @Test
    void shouldTakeAPasswordOnlyToGetAToken() throws Exception {
        String name = newUser(Role.MEMBER);

        mvc.perform(get("/api/runs").with(anonymous()).with(basic(name, "a long enough password")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.startsWith("a password only gets a token (POST /api/tokens)")));
    }

    /** Signs in with the form from {@code address}: each test guesses from its own, as strangers would. */
    private org.springframework.test.web.servlet.MvcResult signIn(String name, String password, String address)
            throws Exception {
        return mvc.perform(post("/login")
                        .param("username", name)
                        .param("password", password)
                        .with(anonymous())
                        .with(request -> {
                            request.setRemoteAddr(address);
                            return request;
                        }))
                .andReturn();
    }

    /** The sign-in page as the browser that failed sees it: with its session's cookie. */
    private String signInPage(org.springframework.test.web.servlet.MvcResult failed) throws Exception {
        return mvc.perform(get("/login?error")
                        .with(anonymous())
                        .cookie(failed.getResponse().getCookies()))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void shouldLetTheOwnerInFromElsewhereWhileAStrangerGuesses() throws Exception {
        String name = newUser(Role.MEMBER);
        while (attempts.admit(name, "192.0.2.7").isEmpty()) {
            // a stranger's guesses, until their address and this name from it must wait
        }

        var signedIn = signIn(name, "a long enough password", "198.51.100.1"); // from home

        assertThat(signedIn.getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void shouldTellAGuesserHowLongToWaitWithoutCheckingThePassword() throws Exception {
        String name = newUser(Role.MEMBER);
        while (attempts.admit(name, "192.0.2.8").isEmpty()) {
            // wrong guesses, until this name from that address must wait
        }

        var refused = signIn(name, "a long enough password", "192.0.2.8");

        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        assertThat(signInPage(refused))
                .contains("Signing in is paused: too many failed sign-ins for this name; try again in 1 s");
    }

    @Test
    void shouldSayNothingOfADisabledAccountToACallerWithoutItsPassword() throws Exception {
        String name = newUser(Role.MEMBER);
        users.setDisabled(name, true);

        var wrong = askForAToken(name, "not the password at all");
        var right = askForAToken(name, "a long enough password");

        assertThat(wrong).doesNotContainIgnoringCase("disabled");
        assertThat(right).containsIgnoringCase("disabled");
    }

    private String askForAToken(String name, String password) throws Exception {
        return mvc.perform(post("/api/tokens")
                        .with(anonymous())
                        .with(basic(name, password))
                        .with(request -> {
                            request.setRemoteAddr("192.0.2.9");
                            return request;
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"ci\", \"scope\": \"read\"}"))
                .andExpect(status().isUnauthorized())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
