package dev.anneal.sweep;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.SplittableRandom;

/** What a random sweep draws a parameter's value from, between its {@code min} and {@code max}. */
public enum Distribution {
    /** Uniform in the logarithm: every decade equally likely, as rates are searched. Needs {@code min > 0}. */
    LOG_UNIFORM {
        @Override
        double draw(SplittableRandom random, double min, double max) {
            return Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
        }
    },
    /** Uniform between the bounds. */
    UNIFORM {
        @Override
        double draw(SplittableRandom random, double min, double max) {
            return min + random.nextDouble() * (max - min);
        }
    },
    /** A whole number between the bounds, both included. */
    INT_UNIFORM {
        @Override
        double draw(SplittableRandom random, double min, double max) {
            return Math.ceil(min) + random.nextLong((long) Math.floor(max) - (long) Math.ceil(min) + 1);
        }
    };

    /** One value between {@code min} and {@code max}. */
    abstract double draw(SplittableRandom random, double min, double max);

    /** Whether its values are whole numbers. */
    public boolean isWhole() {
        return this == INT_UNIFORM;
    }

    /** The name as the API spells it: {@code "log_uniform"}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
