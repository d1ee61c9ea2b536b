package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.annotation.Transactional;

/** Users and API tokens against the real PostgreSQL: what is stored, and how a token is judged. */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class AccessTests {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    private Users users;

    @Autowired
    private ApiTokens tokens;

    @Autowired
    private JdbcTemplate jdbc;

    private String newUser(Role role) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, PASSWORD, role);
        return name;
    }

    @Test
    void shouldKeepOnlyABcryptHashOfAPassword() {
        String name = newUser(Role.MEMBER);

        String stored =
                jdbc.queryForObject("select password_hash from app_user where username = ?", String.class, name);
        assertThat(stored).startsWith("{bcrypt}$2").doesNotContain(PASSWORD);
        assertThat(users.passwordMatches(name, PASSWORD)).isTrue();
        assertThat(users.passwordMatches(name, PASSWORD + "!")).isFalse();
        users.setDisabled(name, true);
        assertThat(users.passwordMatches(name, PASSWORD)).isFalse();
    }

    @Test
    void shouldRefuseAShortPasswordABadNameAndATakenOneNamingTheField() {
        String taken = newUser(Role.VIEWER);

        assertThatThrownBy(() -> users.create("someone", "short", Role.MEMBER))
                .isInstanceOfSatisfying(
                        InvalidAccessRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("password"))
                .hasMessage("password must be at least 12 characters but had 5");
        assertThatThrownBy(() -> users.create("Bad Name", PASSWORD, Role.MEMBER))
                .isInstanceOfSatisfying(
                        InvalidAccessRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("username"));
        assertThatThrownBy(() -> users.create(taken, PASSWORD, Role.MEMBER)).hasMessageContaining("exists");
    }

    @Test
    @Transactional // what it does to the other admins is undone after it
    void shouldKeepTheLastAdminAnAdminWhoMaySignIn() {
        String admin = newUser(Role.ADMIN);
        jdbc.update("update app_user set disabled = true where role = 'ADMIN' and username <> ?", admin);

        assertThatThrownBy(() -> users.changeRole(admin, Role.MEMBER))
                .isInstanceOfSatisfying(
                        InvalidAccessRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("role"))
                .hasMessage(admin + " is the only admin and cannot be made a member: make someone else an admin first");
        assertThatThrownBy(() -> users.setDisabled(admin, true))
                .isInstanceOfSatisfying(
                        InvalidAccessRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("disabled"));
        assertThat(users.changeRole(admin, Role.ADMIN).role()).isEqualTo(Role.ADMIN); // staying one is no change

        String second = newUser(Role.ADMIN);
        assertThat(users.changeRole(admin, Role.VIEWER).role()).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> users.setDisabled(second, true)).hasMessageContaining(second + " is the only admin");
    }

    @Test
    void shouldActWithTheLesserOfTheTokensScopeAndItsOwnersRoleNow() {
        String admin = newUser(Role.ADMIN);
        var write = tokens.issue(admin, "ci", TokenScope.WRITE, 30);
        var read = tokens.issue(admin, "dashboard", TokenScope.READ, 30);

        assertThat(write.text()).startsWith(write.token().prefix());
        assertThat(tokens.check(write.text()))
                .isEqualTo(new TokenCheck.Accepted(write.token().id(), admin, Role.ADMIN, TokenScope.WRITE));
        assertThat(tokens.check(read.text()))
                .isEqualTo(new TokenCheck.Accepted(read.token().id(), admin, Role.VIEWER, TokenScope.READ));
        users.changeRole(admin, Role.MEMBER);
        assertThat(tokens.check(write.text()))
                .isEqualTo(new TokenCheck.Accepted(write.token().id(), admin, Role.MEMBER, TokenScope.WRITE));
    }

    @Test
    void shouldRefuseARevokedAnExpiredAMistypedAnUnknownTokenAndThoseOfADisabledOwnerSayingWhich() {
        String owner = newUser(Role.MEMBER);
        var revoked = tokens.issue(owner, "old", TokenScope.WRITE, 30);
        var expired = tokens.issue(owner, "expired", TokenScope.WRITE, 1);
        var good = tokens.issue(owner, "good", TokenScope.WRITE, 30);
        tokens.revoke(revoked.token().id());
        jdbc.update(
                "update api_token set expires_at = now() - interval '1 second' where id = ?",
                expired.token().id());
        String mistyped = good.text().substring(0, 10)
                + (good.text().charAt(10) == 'x' ? 'y' : 'x')
                + good.text().substring(11);
        String unknown = TokenText.generate(new java.security.SecureRandom());

        assertThat(reason(tokens.check(revoked.text()))).isEqualTo("the token was revoked");
        assertThat(reason(tokens.check(expired.text()))).startsWith("the token expired on");
        assertThat(reason(tokens.check(mistyped))).contains("checksum");
        assertThat(reason(tokens.check(unknown))).contains("not known here");
        assertThat(tokens.check(good.text())).isInstanceOf(TokenCheck.Accepted.class);
        users.setDisabled(owner, true);
        assertThat(reason(tokens.check(good.text()))).isEqualTo("the token's owner is disabled");
    }

    @Test
    void shouldRecordLastUseAtMostOnceAMinute() {
        String owner = newUser(Role.MEMBER);
        var token = tokens.issue(owner, "ci", TokenScope.READ, 30);

        tokens.check(token.text());
        var first = tokens.find(token.token().id()).orElseThrow().lastUsedAt();
        tokens.check(token.text());

        assertThat(first).isNotNull();
        assertThat(tokens.find(token.token().id()).orElseThrow().lastUsedAt()).isEqualTo(first);
        assertThat(tokens.list(owner)).extracting(ApiToken::name).containsExactly("ci");
    }

    @Test
    void shouldStoreNeitherATokenNorAPasswordAnywhereInTheDatabase() {
        String owner = newUser(Role.ADMIN);
        var token = tokens.issue(owner, "ci", TokenScope.WRITE, 30);
        var found = new ArrayList<String>();

        var tables = jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = 'public'", String.class);
        for (String table : tables) {
            jdbc.query("select t::text from \"%s\" t".formatted(table), row -> {
                String text = row.getString(1);
                if (text.contains(PASSWORD) || text.contains(token.text())) {
                    found.add(table);
                }
            });
        }

        assertThat(tables).contains("app_user", "api_token");
        assertThat(found).isEmpty();
    }

    @Test
    @Transactional // it empties the users: undone after it, for the tests that share this context
    void shouldCreateTheFirstAdminFromTheEnvironmentOnceGivingThemTheRunsFromBeforeAccounts() throws Exception {
        jdbc.update("delete from api_token");
        jdbc.update("update run set owner = null");
        jdbc.update("delete from app_user");
        var runId = UUID.randomUUID();
        jdbc.update("insert into experiment (id, name) values (?, 'before-accounts') on conflict do nothing", runId);
        jdbc.update(
                "insert into run (id, experiment_id, name, status, config)"
                        + " select ?, id, 'old', 'SUCCEEDED', '{}' from experiment where name = 'before-accounts'",
                runId);

        new AdminFromEnvironment(users, "ops", PASSWORD).run(null);
        new AdminFromEnvironment(users, "someone-else", PASSWORD).run(null); // a user exists: nothing happens

        assertThat(users.list())
                .extracting(User::username, User::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ops", Role.ADMIN));
        assertThat(users.passwordMatches("ops", PASSWORD)).isTrue();
        assertThat(jdbc.queryForObject("select owner from run where id = ?", String.class, runId))
                .isEqualTo("ops");
        assertThat(jdbc.queryForObject("select count(*) from run where owner is null", Long.class))
                .isZero();
    }

    @Test
    @Transactional
    void shouldRefuseToStartWithAnAdminNameButNoPassword() {
        jdbc.update("delete from api_token");
        jdbc.update("update run set owner = null");
        jdbc.update("delete from app_user");

        assertThatThrownBy(() -> new AdminFromEnvironment(users, "ops", "").run(null))
                .hasMessageContaining("ANNEAL_ADMIN_PASSWORD is not");
        assertThatThrownBy(() -> new AdminFromEnvironment(users, "ops", "short").run(null))
                .hasMessageContaining("password must be at least 12 characters");
        assertThat(users.anyExist()).isFalse();
    }

    private static String reason(TokenCheck check) {
        assertThat(check).isInstanceOf(TokenCheck.Refused.class);
        return ((TokenCheck.Refused) check).reason();
    }
}
