package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every endpoint the application maps, read from Spring's own handler mappings, has a rule in {@link AccessRules}:
 * an endpoint added without one fails here, before it can go out unguarded.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class AccessRulesTests {

    @Autowired
    private ApplicationContext context;

    @Test
    void shouldHaveARuleForEveryEndpointTheApplicationMaps() {
        var seen = MappedEndpoints.of(context);
        var unguarded = seen.stream()
                .filter(endpoint -> {
                    String[] parts = endpoint.split(" ", 2);
                    return AccessRules.forMapping(parts[0], parts[1]).isEmpty();
                })
                .toList();

        assertThat(seen)
                .contains(
                        "POST /api/runs/{id}/cancel", "GET /setup", "GET /api/runs/{id}/stream", "GET /actuator/info");
        assertThat(unguarded).isEmpty();
    }

    @Test
    void shouldLetAnyoneOnlyReachSigningInSetupHealthErrorsAssetsAndThePythonClient() {
        assertThat(AccessRules.ALL.stream()
                        .filter(rule -> rule.requirement() == Requirement.ANYONE)
                        .map(AccessRule::pattern))
                .allMatch(pattern -> pattern.equals("/login")
                        || pattern.equals("/setup")
                        || pattern.equals("/error")
                        || pattern.equals("/favicon.svg")
                        || pattern.equals("/client/anneal_log.py") // the Python client: public code, no data
                        || pattern.startsWith("/actuator/health")
                        || pattern.startsWith("/css/")
                        || pattern.startsWith("/js/")
                        || pattern.startsWith("/webjars/"));
        assertThat(AccessRules.forMapping("POST", "/api/runs"))
                .hasValueSatisfying(rule -> assertThat(rule.requirement()).isEqualTo(Requirement.MEMBER));
    }
}
