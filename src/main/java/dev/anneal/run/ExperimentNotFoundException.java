package dev.anneal.run;

/** Thrown when no experiment has the id or name asked for. */
public class ExperimentNotFoundException extends RuntimeException {

    public ExperimentNotFoundException(String idOrName) {
        super("no experiment " + idOrName);
    }
}
