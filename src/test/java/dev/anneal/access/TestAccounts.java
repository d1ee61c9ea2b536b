package dev.anneal.access;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The signed-in user the tests act as: an admin, {@value #USERNAME}, in every test context's database, with one
 * write token ({@link #TOKEN}, the same in every context of the run). MockMvc requests act as that admin with a CSRF
 * token unless a test says otherwise; HTTP clients send the token ({@link #signedIn}); browsers sign in with the
 * password. A context of a first start ({@code anneal.test.context=first-start}) has no user at all.
 */
@Configuration
@ConditionalOnExpression("'${anneal.test.context:}' != 'first-start'")
public class TestAccounts {

    public static final String USERNAME = "tester";
    public static final String PASSWORD = "the tester's long password";
    /** An API token of the tester: one per test run, registered in every context's database. */
    public static final String TOKEN = TokenText.generate(new SecureRandom());

    @Bean
    ApplicationRunner testAccount(Users users, JdbcTemplate jdbc) {
        return arguments -> {
            if (users.find(USERNAME).isPresent()) {
                return;
            }
            users.create(USERNAME, PASSWORD, Role.ADMIN);
            var now = Instant.now();
            jdbc.update(
                    "insert into api_token (id, owner, name, prefix, token_sha256, scope, created_at, expires_at)"
                            + " values (?, ?, 'tests', ?, ?, 'WRITE', ?, ?)",
                    UUID.randomUUID(),
                    USERNAME,
                    TOKEN.substring(0, TokenText.SHOWN),
                    TokenText.sha256(TOKEN),
                    Timestamp.from(now),
                    Timestamp.from(now.plus(1, ChronoUnit.DAYS)));
        };
    }

    @Bean
    MockMvcBuilderCustomizer signedInByDefault() {
        return builder -> builder.defaultRequest(
                get("/").with(user(USERNAME).roles("ADMIN")).with(csrf()));
    }

    /**
     * The {@code Authorization} header of a request with the tester's password, for another process of Anneal run
     * from the tests' classpath (which has the tester, but its own token).
     */
    public static String basic() {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((USERNAME + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The {@code Authorization} header of a request made with the tester's token. */
    public static String bearer() {
        return "Bearer " + TOKEN;
    }
}
