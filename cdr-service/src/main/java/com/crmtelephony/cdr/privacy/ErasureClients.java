package com.crmtelephony.cdr.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.PostExchange;

import com.crmtelephony.support.caller.Callers;

/** The other services' parts of an erasure, asked with the caller's own token. */
final class ErasureClients {

    private ErasureClients() {
    }

    /** phonebook-service: its contacts with the number or address; the E.164 numbers it erased. */
    interface Phonebook {

        record Erased(int contacts, List<String> numbers) {
        }

        @PostExchange("/phone_book/erasures")
        Erased erase(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody Map<String, String> subject);
    }

    /** pbx-integration-service: the webhooks it kept that name the numbers. */
    interface Pbx {

        record Erased(int webhooks, long pending) {
        }

        record Numbers(List<String> numbers) {
        }

        @PostExchange("/pbx/erasures")
        Erased erase(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody Numbers numbers);
    }
}
