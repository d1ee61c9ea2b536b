package dev.anneal.ingest.mlflow;

import org.springframework.http.HttpStatus;

/**
 * A refusal in MLflow's words: its error code ({@code RESOURCE_DOES_NOT_EXIST}, {@code INVALID_PARAMETER_VALUE}, …),
 * the status MLflow's server answers it with, and a message; {@link MlflowErrors} writes it as MLflow's error body.
 */
class MlflowException extends RuntimeException {

    private final String errorCode;
    private final HttpStatus status;

    MlflowException(String errorCode, HttpStatus status, String message) {
        super(message);
        this.errorCode = errorCode;
        this.status = status;
    }

    static MlflowException notFound(String message) {
        return new MlflowException("RESOURCE_DOES_NOT_EXIST", HttpStatus.NOT_FOUND, message);
    }

    static MlflowException invalid(String message) {
        return new MlflowException("INVALID_PARAMETER_VALUE", HttpStatus.BAD_REQUEST, message);
    }

    static MlflowException exists(String message) {
        return new MlflowException("RESOURCE_ALREADY_EXISTS", HttpStatus.BAD_REQUEST, message);
    }

    String errorCode() {
        return errorCode;
    }

    HttpStatus status() {
        return status;
    }
}
