package com.crmtelephony.cdr.phonebook;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.crmtelephony.support.caller.Callers;

/**
 * phonebook-service, found through Eureka: the HTTP service group {@code phonebook-service}
 * ({@code spring.http.serviceclient.phonebook-service.*} in config-repo).
 */
@HttpExchange("/phone_book")
interface PhonebookClient {

    /**
     * One number asked about; {@code number} is that number as asked. {@code name} null: no
     * contact (listed only when unmatched numbers are asked for), {@code normalizedNumber} then the
     * E.164 form it would match as (null: no number).
     */
    record Match(String number, String callerNumber, String name, String emailId, String normalizedNumber) {
    }

    /** The E.164 numbers changed from a position on; {@code complete} false: forget everything learnt. */
    record Changes(long position, List<String> numbers, boolean complete) {
        public Changes {
            numbers = numbers == null ? List.of() : numbers;
        }
    }

    @PostExchange("/records/lookup")
    List<Match> lookup(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody List<String> numbers,
                       @RequestParam("unmatched") boolean unmatched);

    @GetExchange("/records/changes")
    Changes changes(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestParam(name = "after", required = false) Long after);
}
