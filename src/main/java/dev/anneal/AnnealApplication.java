package dev.anneal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Anneal: an experiment tracker for learning-rate schedules. */
@SpringBootApplication
public class AnnealApplication {

    public static void main(String[] args) {
        SpringApplication.run(AnnealApplication.class, args);
    }
}
