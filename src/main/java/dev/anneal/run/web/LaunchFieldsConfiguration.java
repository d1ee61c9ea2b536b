package dev.anneal.run.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The launch fields' choices as a bean, {@code launchChoices}, so that the fragment drawing a launch body's fields
 * ({@code fragments/launch-fields.html}) finds them on whichever page includes it — the launch form, and the sweep
 * form's base — without each page's controller handing them over.
 */
@Configuration(proxyBeanMethods = false)
class LaunchFieldsConfiguration {

    @Bean
    LaunchChoices launchChoices() {
        return LaunchChoices.OF_LAUNCHES;
    }
}
