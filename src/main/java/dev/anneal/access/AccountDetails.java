package dev.anneal.access;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** The users as Spring Security signs them in: their password hash, their role, and whether they are disabled. */
@Component
class AccountDetails implements UserDetailsService {

    private final JdbcTemplate jdbc;

    AccountDetails(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc
                .query(
                        "select username, password_hash, role, disabled from app_user where username = ?",
                        (row, i) -> User.withUsername(row.getString(1))
                                .password(row.getString(2))
                                .roles(row.getString(3))
                                .disabled(row.getBoolean(4))
                                .build(),
                        username)
                .stream()
                .findFirst()
                .orElseThrow(() -> new UsernameNotFoundException("no user called " + username));
    }
}
