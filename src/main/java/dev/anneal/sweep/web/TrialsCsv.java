package dev.anneal.sweep.web;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A sweep's trials as CSV, one row each: its parameters (a column per path), status, result, its value at every
 * rung, and the last decision with its reason. Values are written as the API gives them, for a notebook to read,
 * except text a spreadsheet would run as a formula ({@code =HYPERLINK(…)} in a sweep's name reaches its trials' run
 * names): it gets a leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection).
 */
final class TrialsCsv {

    private TrialsCsv() {}

    static void write(SweepView sweep, PrintWriter out) {
        var paths = List.copyOf(sweep.parameters().keySet());
        int rungs =
                sweep.trials().stream().mapToInt(t -> t.rungs().size()).max().orElse(0);
        var header = new ArrayList<>(List.of("trial", "run_id", "run_name", "status", "seed"));
        header.addAll(paths);
        header.add(sweep.metric().name().apiName());
        for (int k = 0; k < rungs; k++) {
            header.add("rung_" + k);
        }
        header.addAll(List.of("decision", "reason"));
        line(out, header);
        for (var trial : sweep.trials()) {
            var row = new ArrayList<String>();
            row.add(Integer.toString(trial.index()));
            row.add(trial.runId() == null ? "" : trial.runId().toString());
            row.add(trial.runName() == null ? "" : trial.runName());
            row.add(trial.status());
            row.add(Long.toString(trial.seed()));
            paths.forEach(path -> row.add(text(trial.params().get(path))));
            row.add(trial.metric() == null ? "" : Double.toString(trial.metric()));
            for (int k = 0; k < rungs; k++) {
                row.add(
                        k < trial.rungs().size()
                                ? Double.toString(trial.rungs().get(k).value())
                                : "");
            }
            row.add(trial.decision() == null ? "" : trial.decision().action().apiName());
            row.add(trial.decision() == null ? "" : trial.decision().reason());
            line(out, row);
        }
        out.flush();
    }

    /** A file name made of the sweep's name: letters, digits, dots, dashes and underscores. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String text(JsonNode value) {
        if (value == null) {
            return "";
        }
        return value.isString() ? value.asString() : value.toString();
    }

    /** The cell, made inert when a spreadsheet would read it as a formula; numbers stay numbers. */
    static String neutralised(String cell) {
        if (cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0 || isNumber(cell)) {
            return cell;
        }
        return "'" + cell;
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return !cell.endsWith("d") && !cell.endsWith("D") && !cell.endsWith("f") && !cell.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void line(PrintWriter out, List<String> cells) {
        out.print(String.join(",", cells.stream().map(TrialsCsv::quoted).toList()));
        out.print("\r\n");
    }

    private static String quoted(String text) {
        String cell = neutralised(text);
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
