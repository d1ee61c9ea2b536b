package dev.anneal.system;

import dev.anneal.database.DatabaseOutages;
import dev.anneal.web.PageController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionException;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Errors of every page ({@link PageController}) as pages in the site's layout, with the same specific reasons the API
 * gives; the API's own errors stay problem+json.
 */
@ControllerAdvice(assignableTypes = PageController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    static final String VIEW = "error";
    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    @ExceptionHandler(BindException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badRequest(BindException e, HttpServletRequest request, Model model) {
        String reasons = e.getAllErrors().stream().map(PageErrors::reason).collect(Collectors.joining("; "));
        return page(model, HttpStatus.BAD_REQUEST, reasons, request);
    }

    @ExceptionHandler(TypeMismatchException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String malformed(TypeMismatchException e, HttpServletRequest request, Model model) {
        String message = "%s must be a %s but was %s"
                .formatted(
                        e.getPropertyName(),
                        e.getRequiredType() == null
                                ? "value of another type"
                                : e.getRequiredType().getSimpleName(),
                        e.getValue());
        return page(model, HttpStatus.BAD_REQUEST, message, request);
    }

    /** A blank id in a page's address ({@code /runs/%20}) converts to nothing: the address is wrong, not the server. */
    @ExceptionHandler(MissingPathVariableException.class)
    String missing(
            MissingPathVariableException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        var status = e.isMissingAfterConversion() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        response.setStatus(status.value());
        return page(model, status, "%s must be given, but was blank".formatted(e.getVariableName()), request);
    }

    @ExceptionHandler(ResponseStatusException.class)
    String status(ResponseStatusException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        var status = HttpStatus.valueOf(e.getStatusCode().value());
        response.setStatus(status.value());
        return page(model, status, e.getReason(), request);
    }

    /** The database is down or too busy: say so and when to try again, rather than blame the page. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    String database(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!DatabaseOutages.isUnavailable(e)) {
            return unexpected(e, request, response, model);
        }
        log.warn("Page {} found the database unavailable: {}", request.getRequestURI(), e.toString());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutages.RETRY_AFTER.toSeconds()));
        return page(
                model,
                HttpStatus.SERVICE_UNAVAILABLE,
                "The database is unreachable or too busy to answer just now; reload the page in a few seconds",
                request);
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.error("Page {} failed", request.getRequestURI(), e);
        response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        return page(
                model, HttpStatus.INTERNAL_SERVER_ERROR, "Anneal failed to draw this page; its log says why", request);
    }

    /** Our own checks say what is wrong; a value that did not even convert is named here, not in Spring's words. */
    private static String reason(ObjectError error) {
        if (error instanceof FieldError field && field.isBindingFailure()) {
            return "%s must be a number but was %s".formatted(field.getField(), field.getRejectedValue());
        }
        return error.getDefaultMessage();
    }

    private static String page(Model model, HttpStatus status, String message, HttpServletRequest request) {
        model.addAttribute("status", status.value());
        model.addAttribute("error", status.getReasonPhrase());
        model.addAttribute("message", message);
        model.addAttribute("path", request.getRequestURI());
        return VIEW;
    }
}
