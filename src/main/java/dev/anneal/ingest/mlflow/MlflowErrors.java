package dev.anneal.ingest.mlflow;

import dev.anneal.access.NotPermittedException;
import dev.anneal.artifacts.ArtifactTooLargeException;
import dev.anneal.run.ExperimentNotFoundException;
import dev.anneal.run.IllegalTransitionException;
import dev.anneal.run.NotLoggedRunException;
import dev.anneal.run.RunNotFoundException;
import dev.anneal.web.InvalidFieldException;
import dev.anneal.web.JsonProblems;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Answers the MLflow API's errors as MLflow's server does, {@code {"error_code": …, "message": …}} with its status, so
 * an MLflow client reads them as it reads its own server's; the rest of Anneal answers problem details.
 */
@RestControllerAdvice(basePackageClasses = MlflowErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class MlflowErrors {

    /**
     * MLflow's error body.
     *
     * @param errorCode what kind of error, in MLflow's codes
     * @param message what is wrong, in words
     */
    record ErrorBody(String errorCode, String message) {}

    @ExceptionHandler(MlflowException.class)
    ResponseEntity<ErrorBody> mlflow(MlflowException e) {
        return answer(e.status(), e.errorCode(), e.getMessage());
    }

    @ExceptionHandler({RunNotFoundException.class, ExperimentNotFoundException.class})
    ResponseEntity<ErrorBody> notFound(RuntimeException e) {
        return answer(HttpStatus.NOT_FOUND, "RESOURCE_DOES_NOT_EXIST", e.getMessage());
    }

    @ExceptionHandler(BindException.class)
    ResponseEntity<ErrorBody> invalidFields(BindException e) {
        return invalid(e.getFieldErrors().stream()
                .map(error -> error.getDefaultMessage())
                .collect(Collectors.joining("; ")));
    }

    @ExceptionHandler({InvalidFieldException.class, IllegalArgumentException.class})
    ResponseEntity<ErrorBody> invalidField(RuntimeException e) {
        return invalid(e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        var problem = JsonProblems.describe(e);
        return invalid(problem.message());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ErrorBody> badParameter(Exception e) {
        return invalid(e.getMessage());
    }

    @ExceptionHandler(ArtifactTooLargeException.class)
    ResponseEntity<ErrorBody> tooLarge(ArtifactTooLargeException e) {
        return answer(
                HttpStatus.CONTENT_TOO_LARGE,
                "INVALID_PARAMETER_VALUE",
                e.getMessage() + " (anneal.artifacts.max-size)");
    }

    @ExceptionHandler(NotPermittedException.class)
    ResponseEntity<ErrorBody> notPermitted(NotPermittedException e) {
        return answer(HttpStatus.FORBIDDEN, "PERMISSION_DENIED", e.getMessage());
    }

    @ExceptionHandler({IllegalTransitionException.class, NotLoggedRunException.class})
    ResponseEntity<ErrorBody> invalidState(IllegalStateException e) {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_STATE", e.getMessage());
    }

    private static ResponseEntity<ErrorBody> invalid(String message) {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER_VALUE", message);
    }

    private static ResponseEntity<ErrorBody> answer(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(new ErrorBody(code, message));
    }
}
