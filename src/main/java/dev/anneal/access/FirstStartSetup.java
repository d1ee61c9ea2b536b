package dev.anneal.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The first start of an Anneal nobody can sign in to yet: a one-time link in the start-up log, as Jupyter prints
 * one, whose page creates the first admin and then stops working. The link's token lives in this process only (a
 * restart prints a new one), so only whoever reads the server's log can use it.
 */
@Component
public class FirstStartSetup {

    private static final Logger log = LoggerFactory.getLogger(FirstStartSetup.class);

    private final Users users;
    private final Environment environment;
    private final String token;

    FirstStartSetup(Users users, Environment environment) {
        this.users = users;
        this.environment = environment;
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Prints the link once the application is up, if nobody can sign in yet. */
    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (isOpen()) {
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
            log.warn(
                    "No user exists yet. Create the first admin at http://localhost:{}{} (the link works once, in this"
                            + " process; or start with ANNEAL_ADMIN_USER and ANNEAL_ADMIN_PASSWORD set)",
                    port,
                    path());
        }
    }

    /** Whether setup is still to be done: no user exists. */
    public boolean isOpen() {
        return !users.anyExist();
    }

    /** Whether {@code candidate} is this process's setup token; compared in constant time. */
    public boolean accepts(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(
                        token.getBytes(StandardCharsets.US_ASCII), candidate.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Creates the first admin, if {@code candidate} is the setup token and still no user exists; throws
     * {@link InvalidAccessRequestException} naming the field at fault otherwise.
     */
    public User complete(String candidate, String username, String password) {
        if (!accepts(candidate)) {
            throw new InvalidAccessRequestException("token", "this setup link is not valid: use the one in the log");
        }
        synchronized (this) {
            if (!isOpen()) {
                throw new InvalidAccessRequestException("token", "setup is done: the first admin exists");
            }
            return users.create(username, password, Role.ADMIN);
        }
    }

    /** The setup page's path with its token: what the log prints after the server's address. */
    String path() {
        return "/setup?token=" + token;
    }
}
