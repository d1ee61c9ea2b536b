package dev.anneal.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The one password encoder: what stores a new user's password is what checks it at sign-in. */
@Configuration
class Passwords {

    /** {@code DelegatingPasswordEncoder}: bcrypt now, its id stored in front of every hash. */
    @Bean
    static PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
