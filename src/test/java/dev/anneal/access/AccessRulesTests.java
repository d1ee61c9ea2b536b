package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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
        var unguarded = new ArrayList<String>();
        var seen = new ArrayList<String>();
        for (var mapping :
                context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            mapping.getHandlerMethods().forEach((info, handler) -> {
                var methods = info.getMethodsCondition().getMethods().stream()
                        .map(Enum::name)
                        .toList();
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods.isEmpty() ? List.of("GET", "POST") : methods) {
                        seen.add(method + " " + pattern);
                        if (AccessRules.forMapping(method, pattern).isEmpty()) {
                            unguarded.add(method + " " + pattern + " (" + handler + ")");
                        }
                    }
                }
            });
        }

        assertThat(seen).contains("POST /api/runs/{id}/cancel", "GET /setup", "GET /api/runs/{id}/stream");
        assertThat(unguarded).isEmpty();
    }

    @Test
    void shouldLetAnyoneOnlyReachSigningInSetupHealthErrorsAndAssets() {
        assertThat(AccessRules.ALL.stream()
                        .filter(rule -> rule.requirement() == Requirement.ANYONE)
                        .map(AccessRule::pattern))
                .allMatch(pattern -> pattern.equals("/login")
                        || pattern.equals("/setup")
                        || pattern.equals("/error")
                        || pattern.equals("/favicon.svg")
                        || pattern.startsWith("/actuator/health")
                        || pattern.startsWith("/css/")
                        || pattern.startsWith("/js/")
                        || pattern.startsWith("/webjars/"));
        assertThat(AccessRules.forMapping("POST", "/api/runs"))
                .hasValueSatisfying(rule -> assertThat(rule.requirement()).isEqualTo(Requirement.MEMBER));
    }
}
