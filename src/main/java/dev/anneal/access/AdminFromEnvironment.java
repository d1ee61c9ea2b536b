package dev.anneal.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin from {@code ANNEAL_ADMIN_USER} and {@code ANNEAL_ADMIN_PASSWORD} when no user exists yet:
 * how a compose file or a CI job starts an Anneal that needs no one at a browser. Ignored once any user exists, so
 * the variables may stay set.
 */
@Component
class AdminFromEnvironment implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminFromEnvironment.class);

    private final Users users;
    private final String username;
    private final String password;

    AdminFromEnvironment(
            Users users,
            @Value("${anneal.admin.user:}") String username,
            @Value("${anneal.admin.password:}") String password) {
        this.users = users;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (username.isBlank() || users.anyExist()) {
            return;
        }
        if (password.isBlank()) {
            throw new IllegalStateException("ANNEAL_ADMIN_USER is set but ANNEAL_ADMIN_PASSWORD is not: set both, or"
                    + " neither and create the first admin on the setup page");
        }
        try {
            users.create(username, password, Role.ADMIN);
        } catch (InvalidAccessRequestException e) {
            throw new IllegalStateException("ANNEAL_ADMIN_USER/ANNEAL_ADMIN_PASSWORD: " + e.getMessage(), e);
        }
        log.info("Created the first admin, {}, from ANNEAL_ADMIN_USER", username);
    }
}
