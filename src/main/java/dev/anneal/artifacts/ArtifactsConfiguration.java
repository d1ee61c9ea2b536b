package dev.anneal.artifacts;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The artifact store the settings name: a directory under the data directory, each artifact up to a size. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArtifactsConfiguration.ArtifactsProperties.class)
class ArtifactsConfiguration {

    @Bean
    ArtifactStore artifactStore(ArtifactsProperties properties) throws IOException {
        return new DirectoryArtifactStore(properties.dir(), properties.maxSize().toBytes());
    }

    /**
     * {@code anneal.artifacts.*}.
     *
     * @param dir where the artifacts live
     * @param maxSize the most one artifact may hold
     */
    @ConfigurationProperties("anneal.artifacts")
    record ArtifactsProperties(Path dir, DataSize maxSize) {}
}
