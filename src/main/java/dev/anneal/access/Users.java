package dev.anneal.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The access module's users: created with a role and a password kept only as its {@code DelegatingPasswordEncoder}
 * hash (bcrypt, with its id in front, so the scheme can change without a migration), their role changed, disabled.
 */
@Service
public class Users {

    /** The shortest password accepted: long passwords beat complicated ones (NIST SP 800-63B). */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** bcrypt's limit: it refuses longer passwords (and older versions silently ignored the rest). */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final PasswordEncoder passwords;

    Users(JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher events, PasswordEncoder passwords) {
        this.passwords = passwords;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Creates a user; the first admin also becomes the owner of what came before accounts ({@link FirstAdminCreated}).
     * Throws {@link InvalidAccessRequestException} naming the field when a rule is broken. */
    @Transactional
    public User create(String username, String password, Role role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidAccessRequestException(
                    "username",
                    "username must be 1 to 64 lower-case letters, digits, dots, dashes or underscores, starting"
                            + " with a letter or digit");
        }
        checkPassword(password);
        if (role == null) {
            throw new InvalidAccessRequestException("role", "role must be viewer, member or admin");
        }
        if (find(username).isPresent()) {
            throw new InvalidAccessRequestException("username", "a user called %s exists".formatted(username));
        }
        var now = clock.instant();
        boolean firstAdmin = role == Role.ADMIN
                && !Boolean.TRUE.equals(jdbc.queryForObject(
                        "select exists (select 1 from app_user where role = 'ADMIN')", Boolean.class));
        jdbc.update(
                "insert into app_user (username, password_hash, role, created_at) values (?, ?, ?, ?)",
                username,
                passwords.encode(password),
                role.name(),
                Timestamp.from(now));
        if (firstAdmin) {
            events.publishEvent(new FirstAdminCreated(username)); // in this transaction: adopted with the admin
        }
        return new User(username, role, false, now);
    }

    /** The user called {@code username}, if there is one. */
    @Transactional(readOnly = true)
    public Optional<User> find(String username) {
        return jdbc.query("select * from app_user where username = ?", Users::user, username).stream()
                .findFirst();
    }

    /** Every user, by name. */
    @Transactional(readOnly = true)
    public List<User> list() {
        return jdbc.query("select * from app_user order by username", Users::user);
    }

    /** Whether anyone can sign in yet: until then the start-up log offers the first-start setup. */
    @Transactional(readOnly = true)
    public boolean anyExist() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from app_user)", Boolean.class));
    }

    /** Whether {@code password} is that of the enabled user {@code username}. */
    @Transactional(readOnly = true)
    public boolean passwordMatches(String username, String password) {
        var hash = jdbc.query(
                "select password_hash from app_user where username = ? and not disabled",
                (row, i) -> row.getString(1),
                username);
        return !hash.isEmpty() && password != null && passwords.matches(password, hash.get(0));
    }

    /**
     * {@code username} changes their own password: {@code current} must be it, {@code next} must be a valid one. Every
     * other session of theirs ends; {@code session}, the one they changed it from, goes on.
     */
    @Transactional
    public void changePassword(String username, String current, String next, String session) {
        if (!passwordMatches(username, current)) {
            throw new InvalidAccessRequestException("current_password", "current_password is not your password");
        }
        checkPassword(next, "new_password");
        jdbc.update(
                "update app_user set password_hash = ?, must_change_password = false where username = ?",
                passwords.encode(next),
                username);
        events.publishEvent(new PasswordChanged(username, session));
    }

    /**
     * An admin gives {@code username} the password {@code next}: every session of theirs ends, and they must change
     * it when they next sign in.
     */
    @Transactional
    public void resetPassword(String username, String next) {
        checkPassword(next, "new_password");
        found(
                username,
                jdbc.update(
                        "update app_user set password_hash = ?, must_change_password = true where username = ?",
                        passwords.encode(next),
                        username));
        events.publishEvent(new PasswordChanged(username, null));
    }

    /** Whether {@code username} must choose a new password before anything else (an admin reset theirs). */
    @Transactional(readOnly = true)
    public boolean mustChangePassword(String username) {
        return Boolean.TRUE.equals(jdbc
                .query(
                        "select must_change_password from app_user where username = ?",
                        (row, i) -> row.getBoolean(1),
                        username)
                .stream()
                .findFirst()
                .orElse(false));
    }

    /** Gives {@code username} another role; the last admin stays one. Their sessions end ({@link AccountChanged}). */
    @Transactional
    public User changeRole(String username, Role role) {
        if (role != Role.ADMIN) {
            keepAnAdminBeside(username, "role", "made a " + role.apiName());
        }
        found(username, jdbc.update("update app_user set role = ? where username = ?", role.name(), username));
        events.publishEvent(new AccountChanged(username));
        return find(username).orElseThrow();
    }

    /**
     * Locks {@code username} out (their sessions end, their tokens stop with them), or lets them back in; the last
     * admin cannot be locked out.
     */
    @Transactional
    public User setDisabled(String username, boolean disabled) {
        if (disabled) {
            keepAnAdminBeside(username, "disabled", "disabled");
        }
        found(username, jdbc.update("update app_user set disabled = ? where username = ?", disabled, username));
        events.publishEvent(new AccountChanged(username));
        return find(username).orElseThrow();
    }

    /**
     * Refuses to take away the last enabled admin: nobody could then manage users again. The admins' rows stay locked
     * until the change commits, so two admins demoting each other at once cannot both succeed.
     */
    private void keepAnAdminBeside(String username, String field, String change) {
        var admins = jdbc.queryForList(
                "select username from app_user where role = 'ADMIN' and not disabled for update", String.class);
        if (admins.equals(List.of(username))) {
            throw new InvalidAccessRequestException(
                    field,
                    "%s is the only admin and cannot be %s: make someone else an admin first"
                            .formatted(username, change));
        }
    }

    private static void checkPassword(String password) {
        checkPassword(password, "password");
    }

    private static void checkPassword(String password, String field) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidAccessRequestException(
                    field,
                    "%s must be at least %d characters but had %d"
                            .formatted(field, MIN_PASSWORD_LENGTH, password == null ? 0 : password.length()));
        }
        int bytes = password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_PASSWORD_BYTES) {
            throw new InvalidAccessRequestException(
                    field,
                    "%s must be at most %d bytes in UTF-8 (bcrypt reads no further) but had %d"
                            .formatted(field, MAX_PASSWORD_BYTES, bytes));
        }
    }

    private static void found(String username, int updated) {
        if (updated == 0) {
            throw new InvalidAccessRequestException("username", "there is no user called " + username);
        }
    }

    private static User user(ResultSet row, int i) throws SQLException {
        return new User(
                row.getString("username"),
                Role.valueOf(row.getString("role")),
                row.getBoolean("disabled"),
                row.getTimestamp("created_at").toInstant());
    }
}
