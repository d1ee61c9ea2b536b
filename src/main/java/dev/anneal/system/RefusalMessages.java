package dev.anneal.system;

import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * The error page of a refused request says why: a 4xx's message is ours, written for the person refused ("launching
 * a run needs the member role; ada has [viewer]"), where a bare "403 Forbidden" told them nothing. A server error's
 * message is never shown: it may name code, not what the person did.
 */
@Component
class RefusalMessages extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        var attributes = super.getErrorAttributes(request, options.including(ErrorAttributeOptions.Include.MESSAGE));
        if (!(attributes.get("status") instanceof Integer status) || status < 400 || status >= 500) {
            attributes.remove("message");
        }
        return attributes;
    }
}
