package dev.anneal.system;

import dev.anneal.web.NulFreeText;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads request bodies as docs/api.md says: a value of the wrong JSON type is refused, never converted. Without this,
 * {@code "name": true} became the name "true", and a blank string where a number belongs became "absent", that is,
 * the default. Text holding the NUL character is refused too ({@link NulFreeText}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer wrongTypesRefused() {
        return builder -> builder.addModule(new NulFreeText())
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, StrictJson::noBlanks)
                .withCoercionConfig(LogicalType.Float, StrictJson::noBlanks)
                .withCoercionConfig(LogicalType.Boolean, StrictJson::noBlanks);
    }

    private static void noBlanks(tools.jackson.databind.cfg.MutableCoercionConfig config) {
        config.setAcceptBlankAsEmpty(false)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
}
