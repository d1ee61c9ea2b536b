package dev.anneal.access.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request whose address Spring Security's firewall refuses (a NUL, an encoded slash, {@code ..}): answered 400 with
 * problem details that say so, where the firewall alone answered an empty 400. Nothing in the request is trusted
 * enough to be echoed back.
 */
@Component
class RejectedAddresses implements RequestRejectedHandler {

    private final JsonMapper json;

    RejectedAddresses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        String message = "the request's address holds characters no address of Anneal may (a NUL, an encoded"
                + " slash or dot segments, or the like)";
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", "Invalid request");
        problem.put("status", 400);
        problem.put("detail", message);
        problem.put("errors", List.of(Map.of("field", "path", "message", message)));
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
