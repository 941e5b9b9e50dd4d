package com.crmtelephony.phonebook.error;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.crmtelephony.phonebook.contact.InvalidContactsException;
import com.crmtelephony.phonebook.csvimport.CsvImporter.MalformedCsvException;
import com.crmtelephony.support.web.RequestTooLargeException;

/** The service's one error format: RFC 9457 problem+json, carrying the request's trace id. */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler
    ResponseEntity<Object> invalidContacts(InvalidContactsException ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
        problem.setTitle("Invalid contact data");
        problem.setProperty("errors", ex.violations());
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> malformedCsv(MalformedCsvException ex, WebRequest request) {
        return createResponseEntity(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Malformed CSV: " + ex.getMessage()),
                new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        RequestTooLargeException tooLarge = RequestTooLargeException.in(ex);
        if (tooLarge != null) {
            return handleErrorResponseException(tooLarge, tooLarge.getHeaders(), tooLarge.getStatusCode(), request);
        }
        String detail = "Malformed JSON request body";
        if (ex.getCause() instanceof JacksonException jackson) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : jackson.getPath()) {
                path.append(ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]");
            }
            detail += path.isEmpty() ? "" : " at " + path.toString().replaceFirst("^\\.", "");
        }
        return createResponseEntity(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail),
                new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getInstance() == null) {
                problem.setInstance(URI.create(request.getDescription(false).replaceFirst("^uri=", "")));
            }
            if (MDC.get("traceId") != null) {
                problem.setProperty("traceId", MDC.get("traceId"));
            }
            // One line per rejected request, with the trace id, so support can find it.
            log.info("Answered {} to {}: {}", statusCode.value(), request.getDescription(false), problem.getDetail());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
