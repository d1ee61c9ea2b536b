package dev.anneal.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A path nothing answers: a page in the site's layout for a person, problem details for a program. Paths under the
 * API's prefixes are programs'; everything else is a page a person typed or followed.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before ProblemHandler, which would answer every such path with JSON
class NotFoundPages {

    private static final String[] PROGRAM_PREFIXES = {"/api/", "/v3/", "/actuator"};

    private final JsonMapper json;

    NotFoundPages(JsonMapper json) {
        this.json = json;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        response.setStatus(HttpStatus.NOT_FOUND.value());
        if (isForPrograms(path)) {
            var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "nothing is at " + path);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
            return null; // answered
        }
        var page = new ModelAndView("error", HttpStatus.NOT_FOUND);
        page.addObject("status", HttpStatus.NOT_FOUND.value());
        page.addObject("error", HttpStatus.NOT_FOUND.getReasonPhrase());
        page.addObject("path", path);
        return page;
    }

    private static boolean isForPrograms(String path) {
        for (String prefix : PROGRAM_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
