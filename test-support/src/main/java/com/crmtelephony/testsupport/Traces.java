package com.crmtelephony.testsupport;

import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** W3C trace context, to check that a request's trace goes on to the services it calls. */
public final class Traces {

    private Traces() {
    }

    /** A fresh W3C trace id (32 hex digits). */
    public static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The {@code traceparent} a caller in that trace sends. */
    public static String traceparent(String traceId) {
        return "00-" + traceId + "-00f067aa0ba902b7-01";
    }

    /** A {@code traceparent} header that continues the trace. */
    public static Consumer<String> continues(String traceId) {
        return header -> assertThat(header).startsWith("00-" + traceId + "-");
    }
}
