package com.crmtelephony.phonebook.error;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

import com.crmtelephony.phonebook.contact.InvalidContactsException;
import com.crmtelephony.phonebook.csvimport.CsvImporter.MalformedCsvException;
import com.crmtelephony.support.web.ProblemResponses;

/** The service's one error format: RFC 9457 problem+json, carrying the request's trace id. */
@RestControllerAdvice
public class ApiExceptionHandler extends ProblemResponses {

    @ExceptionHandler
    ResponseEntity<Object> invalidContacts(InvalidContactsException ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
        problem.setTitle("Invalid contact data");
        problem.setProperty("errors", ex.violations());
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> malformedCsv(MalformedCsvException ex, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed CSV: " + ex.getMessage(), request);
    }
}
