package dev.anneal.ingest.mlflow;

import tools.jackson.databind.JsonNode;

/**
 * Numbers as MLflow's clients send them: JSON numbers, or strings where protobuf's JSON writes 64-bit integers (and
 * {@code "NaN"}, {@code "Infinity"} for doubles, which Anneal refuses: a chart cannot hold them).
 */
final class MlflowNumbers {

    private MlflowNumbers() {}

    static long whole(JsonNode node, String field) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isString()) {
            try {
                return Long.parseLong(node.asString().strip());
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw MlflowException.invalid(field + " must be a whole number but was " + node);
    }

    static double real(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw MlflowException.invalid("Missing value for required parameter '" + field + "'.");
        }
        double value;
        if (node.isNumber()) {
            value = node.asDouble();
        } else if (node.isString()) {
            try {
                value = Double.parseDouble(node.asString().strip());
            } catch (NumberFormatException e) {
                throw MlflowException.invalid(field + " must be a number but was " + node);
            }
        } else {
            throw MlflowException.invalid(field + " must be a number but was " + node);
        }
        if (!Double.isFinite(value)) {
            throw MlflowException.invalid(
                    field + " must be a finite number but was " + node + ": Anneal stores finite values only");
        }
        return value;
    }
}
