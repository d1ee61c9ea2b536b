package dev.anneal.run.web;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** How pages write numbers and durations: compact, exact enough to tell runs apart, a dash for nothing. */
@Component("formats")
public class Formats {

    static final String NOTHING = "—";

    /** Four significant digits; scientific notation for rates such as {@code 1e-4}; a dash for {@code null}. */
    public String number(Double value) {
        if (value == null || value.isNaN()) {
            return NOTHING;
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)) {
            String[] parts = String.format(Locale.ROOT, "%.3e", value).split("e");
            String mantissa = parts[0].replaceAll("\\.?0+$", "");
            return mantissa + "e" + Integer.parseInt(parts[1]);
        }
        return new BigDecimal(value)
                .round(new MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** An accuracy in {@code [0, 1]} as a percentage with two decimals. */
    public String percent(Double accuracy) {
        return accuracy == null || accuracy.isNaN() ? NOTHING : String.format(Locale.ROOT, "%.2f %%", accuracy * 100);
    }

    /** The largest two units of a duration: {@code 45 s}, {@code 12 min}, {@code 3 h 5 min}, {@code 2 d 4 h}. */
    public String duration(Duration duration) {
        if (duration == null) {
            return NOTHING;
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            long minutes = seconds / 60 % 60;
            return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
        }
        long hours = seconds / 3600 % 24;
        return seconds / 86_400 + " d" + (hours == 0 ? "" : " " + hours + " h");
    }
}
