package dev.anneal.access;

import java.util.List;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the application maps, as Spring's own handler mappings hold them (the controllers' and the
 * actuator's), each as {@code "METHOD /pattern"}; a mapping for any method counts as GET and POST.
 */
final class MappedEndpoints {

    private MappedEndpoints() {}

    static List<String> of(ApplicationContext context) {
        var endpoints = new TreeSet<String>();
        for (var mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            mapping.getHandlerMethods().keySet().forEach(info -> {
                var methods = info.getMethodsCondition().getMethods().stream()
                        .map(Enum::name)
                        .toList();
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods.isEmpty() ? List.of("GET", "POST") : methods) {
                        endpoints.add(method + " " + pattern);
                    }
                }
            });
        }
        return List.copyOf(endpoints);
    }
}
