package dev.anneal;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * Requests whose answer may come later (a long-poll's {@code DeferredResult}): MockMvc returns when the handler does,
 * so the answer is awaited and dispatched as a servlet container would.
 */
public final class AsyncCalls {

    private AsyncCalls() {}

    /** The answer to {@code request}, once it has one. */
    public static MvcResult answered(MockMvc mvc, RequestBuilder request) throws Exception {
        var result = mvc.perform(request).andReturn();
        return result.getRequest().isAsyncStarted()
                ? mvc.perform(asyncDispatch(result)).andReturn()
                : result;
    }
}
