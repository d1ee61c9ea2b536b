package dev.anneal.system;

import dev.anneal.database.DatabaseConnection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The team setup: the PostgreSQL that {@code SPRING_DATASOURCE_URL} (and its user and password) names. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("spring.datasource.url")
class ExternalDatabaseConfiguration {

    @Bean
    DatabaseConnection databaseConnection(Environment environment) {
        return new DatabaseConnection(
                environment.getRequiredProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username", ""),
                environment.getProperty("spring.datasource.password", ""));
    }
}
