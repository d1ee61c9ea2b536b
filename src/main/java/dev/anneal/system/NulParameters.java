package dev.anneal.system;

import dev.anneal.web.FieldErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a query or form parameter holding the NUL character with a 400 naming it, before any handler passes it to
 * PostgreSQL, which cannot compare text with it (a filter {@code q=%00} was a 500).
 */
@Configuration(proxyBeanMethods = false)
class NulParameters implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        var errors = new FieldErrors();
        request.getParameterMap().forEach((name, values) -> {
            boolean nul = name.indexOf('\0') >= 0;
            for (String value : values) {
                nul |= value != null && value.indexOf('\0') >= 0;
            }
            if (nul) {
                String shown = name.replace('\0', '?');
                errors.reject(shown, null, shown + " must not contain the NUL character (U+0000)");
            }
        });
        errors.throwIfAny();
        return true;
    }
}
