package dev.anneal.web;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses the NUL character in every string a request body holds: values, object keys, and the text inside free-form
 * JSON (a sweep's base, its parameter values), each with a {@link NulCharacterException} that names its field.
 */
public final class NulFreeText extends SimpleModule {

    /** The module, to register with a mapper. */
    public NulFreeText() {
        super("nul-free-text");
        setDeserializerModifier(new Checks());
    }

    private static final class Checks extends ValueDeserializerModifier {

        @Override
        public ValueDeserializer<?> modifyDeserializer(
                DeserializationConfig config, BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
            Class<?> type = description.getBeanClass();
            return type == String.class || JsonNode.class.isAssignableFrom(type)
                    ? new Checked(deserializer)
                    : deserializer;
        }

        @Override
        public KeyDeserializer modifyKeyDeserializer(
                DeserializationConfig config, JavaType type, KeyDeserializer deserializer) {
            return new KeyDeserializer() {
                @Override
                public Object deserializeKey(String key, DeserializationContext context) throws JacksonException {
                    if (key.indexOf('\0') >= 0) {
                        throw new NulCharacterException(context.getParser());
                    }
                    return deserializer.deserializeKey(key, context);
                }
            };
        }
    }

    /** A deserializer whose result is refused when any text in it holds a NUL. */
    private static final class Checked extends DelegatingDeserializer {

        Checked(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Checked(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            Object value = super.deserialize(parser, context);
            if (holdsNul(value)) {
                throw new NulCharacterException(parser);
            }
            return value;
        }

        private static boolean holdsNul(Object value) {
            if (value instanceof String text) {
                return text.indexOf('\0') >= 0;
            }
            if (value instanceof JsonNode node) {
                if (node.isString()) {
                    return node.asString().indexOf('\0') >= 0;
                }
                if (node.isObject()) {
                    for (Map.Entry<String, JsonNode> field : node.properties()) {
                        if (field.getKey().indexOf('\0') >= 0 || holdsNul(field.getValue())) {
                            return true;
                        }
                    }
                }
                if (node.isArray()) {
                    for (JsonNode element : node.values()) {
                        if (holdsNul(element)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
