package dev.anneal.system;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when no external database is configured: neither {@code spring.datasource.url} nor its environment form
 * {@code SPRING_DATASOURCE_URL} is set.
 */
class ExternalDatabaseAbsent implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !context.getEnvironment().containsProperty("spring.datasource.url");
    }
}
