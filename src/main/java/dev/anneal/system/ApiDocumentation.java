package dev.anneal.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document Swagger UI shows: Anneal's name and build, and the API token as a bearer scheme, so that
 * "Authorize" takes a token once and every "Try it out" sends it.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String TOKEN = "api-token";

    @Bean
    OpenAPI annealApi(ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null
                ? "development"
                : build.getIfAvailable().getVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("Anneal API")
                        .version(version)
                        .description("Training runs, learning-rate schedules, sweeps and their metrics. Authorize with"
                                + " an API token (anl_…) from your profile page; see docs/api.md."))
                .components(new Components()
                        .addSecuritySchemes(
                                TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("anl_…")
                                        .description("An API token: Authorization: Bearer anl_…")))
                .addSecurityItem(new SecurityRequirement().addList(TOKEN));
    }
}
