package dev.anneal.run;

import dev.anneal.web.InvalidFieldException;
import java.util.UUID;

/** A param logged again with another value: params are write-once, as MLflow has them, so the first value stands. */
public class ParamChangedException extends InvalidFieldException {

    private final String key;

    ParamChangedException(UUID runId, String key, String held, String offered) {
        super(
                "params." + key,
                "param %s of run %s is %s already and cannot change to %s: params are written once; log another key"
                        .formatted(key, runId, clip(held), clip(offered)));
        this.key = key;
    }

    /** The param's key. */
    public String key() {
        return key;
    }

    private static String clip(String value) {
        return value.length() <= 60 ? '"' + value + '"' : '"' + value.substring(0, 57) + "...\"";
    }
}
