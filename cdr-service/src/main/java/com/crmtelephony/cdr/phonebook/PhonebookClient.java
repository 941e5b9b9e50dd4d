package com.crmtelephony.cdr.phonebook;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.crmtelephony.support.caller.Callers;

/**
 * phonebook-service, found through Eureka: the HTTP service group {@code phonebook-service}
 * ({@code spring.http.serviceclient.phonebook-service.*} in config-repo).
 */
@HttpExchange("/phone_book")
interface PhonebookClient {

    /** A contact that matched one of the numbers asked about; {@code number} is that number as asked. */
    record Match(String number, String callerNumber, String name, String emailId) {
    }

    @PostExchange("/records/lookup")
    List<Match> lookup(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody List<String> numbers);
}
