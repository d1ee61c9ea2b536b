package dev.anneal.sweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrialsCsvTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "=HYPERLINK(\"http://evil.example\")|'=HYPERLINK(\"http://evil.example\")",
                "+1+cmd|'+1+cmd",
                "-2+3+cmd|'-2+3+cmd",
                "@SUM(A1)|'@SUM(A1)",
                "-1.5|-1.5",
                "-1.0E-4|-1.0E-4",
                "+3|+3",
                "-Infinity|-Infinity",
                "1d|1d",
                "-1d|'-1d",
                "sweep-a|sweep-a"
            })
    void shouldKeepFormulasInertAndNumbersNumbers(String cell, String written) {
        assertThat(TrialsCsv.neutralised(cell)).isEqualTo(written);
    }
}
