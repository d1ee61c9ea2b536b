package dev.anneal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Anneal: an experiment tracker for learning-rate schedules. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnnealApplication {

    public static void main(String[] args) {
        SpringApplication.run(AnnealApplication.class, args);
    }
}
