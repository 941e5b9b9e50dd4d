package com.crmtelephony.support.web;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers (a request line or path it refuses before any filter runs) as
 * problem+json, like every other error of the service, instead of its HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            String message = response.getMessage();
            ServletProblems.write(response.getResponse(), status,
                    message != null && !message.isBlank() ? message : "The request was refused by the server", null);
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the answer was already started: nothing more to say.
        }
    }
}
