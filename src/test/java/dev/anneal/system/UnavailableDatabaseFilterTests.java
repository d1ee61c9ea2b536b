package dev.anneal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class UnavailableDatabaseFilterTests {

    private final UnavailableDatabaseFilter filter =
            new UnavailableDatabaseFilter(JsonMapper.builder().build());

    private MockHttpServletResponse through(String path, RuntimeException thrown) throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", path), response, (request, answer) -> {
            throw thrown;
        });
        return response;
    }

    @Test
    void shouldAnswerASessionOrTokenTheDatabaseCannotReadWith503() throws Exception {
        var unreachable = new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection", new java.sql.SQLException("refused", new ConnectException()));

        var api = through("/api/runs", unreachable);
        var page = through("/runs/new", unreachable);

        assertThat(api.getStatus()).isEqualTo(503);
        assertThat(api.getHeader("Retry-After")).isEqualTo("5");
        assertThat(api.getContentType()).startsWith("application/problem+json");
        assertThat(api.getContentAsString()).contains("The database is unreachable or busy");
        assertThat(page.getStatus()).isEqualTo(503);
        assertThat(page.getContentAsString()).contains("reload the page in a few seconds");
    }

    @Test
    void shouldLetAnyOtherFailureThrough() {
        assertThatThrownBy(() -> through("/api/runs", new IllegalStateException("a bug")))
                .isInstanceOf(IllegalStateException.class);
    }
}
