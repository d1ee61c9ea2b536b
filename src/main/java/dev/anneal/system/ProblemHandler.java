package dev.anneal.system;

import dev.anneal.access.NotPermittedException;
import dev.anneal.artifacts.ArtifactTooLargeException;
import dev.anneal.database.DatabaseOutages;
import dev.anneal.run.IllegalTransitionException;
import dev.anneal.run.NotLoggedRunException;
import dev.anneal.web.FieldProblem;
import dev.anneal.web.InvalidFieldException;
import dev.anneal.web.JsonProblems;
import dev.anneal.web.TooManyRequestsException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every API error as RFC 9457 problem details: bad requests name each bad field and why, and nothing
 * unexpected ever leaks a stack trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(BindException.class)
    ProblemDetail invalidFields(BindException e) {
        var errors = e.getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage()))
                .toList();
        return badRequest(errors);
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ProblemDetail tooLarge(RequestTooLargeException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Request body too large");
        return problem;
    }

    @ExceptionHandler(ArtifactTooLargeException.class)
    ProblemDetail artifactTooLarge(ArtifactTooLargeException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("File too large");
        return problem;
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ProblemDetail tooMany(TooManyRequestsException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle(e.title());
        return problem;
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return badRequest(List.of(new FieldProblem(e.field(), e.getMessage())));
    }

    @ExceptionHandler(NotPermittedException.class)
    ProblemDetail notPermitted(NotPermittedException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Not allowed");
        return problem;
    }

    @ExceptionHandler({IllegalTransitionException.class, NotLoggedRunException.class})
    ProblemDetail conflict(IllegalStateException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Not possible now");
        return problem;
    }

    /**
     * The database is down or too busy to answer in time: a clear 503 the client may retry, never a hung socket or a
     * 500. Any other database error is unexpected.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> database(Exception e) {
        return DatabaseBusy.of(e)
                .map(busy -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutages.RETRY_AFTER.toSeconds()))
                        .body(busy.problem()))
                .orElseGet(() -> ResponseEntity.internalServerError().body(unexpected(e)));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error while handling a request", e);
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; the server log has the details.");
        problem.setTitle("Internal error");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Optional<RequestTooLargeException> tooLarge = causeOfType(e, RequestTooLargeException.class);
        if (tooLarge.isPresent()) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge.get()));
        }
        return ResponseEntity.badRequest().body(badRequest(List.of(JsonProblems.describe(e))));
    }

    /** A query string bound to a record ({@code GET /api/runs?page=x}): each field that did not convert, named. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = e.getFieldErrors().stream()
                .map(error -> {
                    var type = e.getBindingResult().getFieldType(error.getField());
                    String message = error.isBindingFailure()
                            ? "%s must be %s but was %s"
                                    .formatted(
                                            error.getField(),
                                            type == null ? "of another type" : describe(type),
                                            error.getRejectedValue())
                            : error.getDefaultMessage();
                    return new FieldProblem(error.getField(), message);
                })
                .toList();
        return ResponseEntity.badRequest().body(badRequest(errors));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        String expected = e.getRequiredType() == null ? "of another type" : describe(e.getRequiredType());
        var problem = new FieldProblem(field, "%s must be %s but was %s".formatted(field, expected, e.getValue()));
        return ResponseEntity.badRequest().body(badRequest(List.of(problem)));
    }

    /**
     * A path variable that converted to nothing: a blank id ({@code /api/runs/%20}) is no UUID, and the caller's to
     * fix, named as its field. One missing from the mapping itself stays the server's fault.
     */
    @Override
    protected ResponseEntity<Object> handleMissingPathVariable(
            MissingPathVariableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (!e.isMissingAfterConversion()) {
            return super.handleMissingPathVariable(e, headers, status, request);
        }
        String field = e.getVariableName();
        var problem = new FieldProblem(field, "%s must be given, but was blank".formatted(field));
        return ResponseEntity.badRequest().body(badRequest(List.of(problem)));
    }

    private static String describe(Class<?> type) {
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "a " + type.getSimpleName();
    }

    private static ProblemDetail badRequest(List<FieldProblem> errors) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                errors.size() == 1 ? errors.get(0).message() : errors.size() + " fields are invalid");
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", errors));
        return problem;
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
