package com.crmtelephony.cdr.phonebook;

import java.util.List;
import java.util.UUID;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

import com.crmtelephony.cdr.tenant.Tenants;

/** phonebook-service, found through Eureka. */
@FeignClient(name = "phonebook-service", path = "/phone_book")
interface PhonebookClient {

    /** A contact that matched one of the numbers asked about; {@code number} is that number as asked. */
    record Match(String number, String callerNumber, String name, String emailId) {
    }

    @PostMapping("/records/lookup")
    List<Match> lookup(@RequestHeader(Tenants.HEADER) UUID tenant, @RequestBody List<String> numbers);
}
