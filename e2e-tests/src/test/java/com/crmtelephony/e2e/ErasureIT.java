package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.admin;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasing a person through the gateway, across the services: the contact goes from the phone
 * book, the calls keep their count under a pseudonym, the same calls sent again stay
 * pseudonymised, and the receipt is the same for the same request; a tenant key cannot erase in
 * another tenant.
 */
class ErasureIT {

    static final String ERASURES = GATEWAY + "/cdr-service/cdr/privacy/erasures";
    static final String PERSON = "35799700001";

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    static String call(String uuid, String caller, String start) {
        return """
                {"uuid":"%s","caller_number":%s,"destination_number":"101","direction":"inbound","caller_name":"%s",
                 "call_start":"%s","answer_start":"%s","call_end":"%s","action":"HANGUP"}"""
                .formatted(uuid, caller, caller.equals(PERSON) ? "Erin" : "Fay", start, start, start);
    }

    @Test
    void aPersonLeavesEveryServiceAndDoesNotComeBack() throws Exception {
        UUID tenant = UUID.randomUUID();
        String calls = "[" + call("er-" + tenant + "-1", PERSON, "2026-11-01T10:00:00Z") + ","
                + call("er-" + tenant + "-2", PERSON, "2026-11-02T10:00:00Z") + ","
                + call("er-" + tenant + "-3", "35799700002", "2026-11-03T10:00:00Z") + "]";
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json", calls).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", GATEWAY + "/phonebook-service/phone_book/records", admin(tenant), "application/json",
                "[{\"callerNumber\":\"+" + PERSON + "\",\"name\":\"Erin\",\"emailId\":\"erin@example.com\"}]").statusCode())
                .isEqualTo(200);

        HttpResponse<String> erased = send("POST", ERASURES, Map.of("X-API-Key", Suite.ADMIN_KEY), "application/json",
                "{\"tenant\":\"" + tenant + "\",\"email\":\"erin@example.com\"}");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(201);
        JsonNode receipt = body(erased);
        assertThat(receipt.get("state").asString()).isEqualTo("completed");
        assertThat(receipt.get("requestedBy").asString()).contains("admin");
        assertThat(receipt.get("steps").get("contacts").asInt()).isEqualTo(1);
        assertThat(receipt.get("steps").get("calls").asInt()).isEqualTo(2);
        assertThat(erased.body()).doesNotContain(PERSON).doesNotContain("erin@");
        String pseudonym = receipt.get("pseudonyms").get(0).asString();

        assertThat(get(GATEWAY + "/phonebook-service/phone_book/records/" + PERSON, admin(tenant)).statusCode()).isEqualTo(404);
        String stored = get(GATEWAY + "/cdr-service/cdr/get", admin(tenant)).body();
        assertThat(stored).doesNotContain(PERSON).doesNotContain("Erin").contains(pseudonym).contains("35799700002");
        JsonNode report = body(get(GATEWAY + "/cdr-service/cdr/report", admin(tenant)));
        assertThat(report.get("total_number_of_calls").asLong()).isEqualTo(3);
        assertThat(report.get("top_numbers").valueStream().filter(n -> n.get("number").asString().equals(pseudonym))
                .map(n -> n.get("calls").asLong())).containsExactly(2L);

        // The PBX's copies again (a sync): still the pseudonym.
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json", calls).statusCode())
                .isEqualTo(200);
        assertThat(get(GATEWAY + "/cdr-service/cdr/get", admin(tenant)).body()).doesNotContain(PERSON);

        // The same request: the same receipt.
        HttpResponse<String> again = send("POST", ERASURES, admin(tenant), "application/json",
                "{\"tenant\":\"" + tenant + "\",\"email\":\"ERIN@example.com\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).get("id").asString()).isEqualTo(receipt.get("id").asString());
        assertThat(get(ERASURES + "/" + receipt.get("id").asString(), admin(tenant)).statusCode()).isEqualTo(200);
    }

    @Test
    void aTenantKeyErasesInItsOwnTenantOnly() throws Exception {
        HttpResponse<String> refused = send("POST", ERASURES, tenantKey("33333333-3333-4333-8333-333333333333"),
                "application/json", "{\"tenant\":\"11111111-1111-4111-8111-111111111111\",\"number\":\"" + PERSON + "\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> bad = send("POST", ERASURES, tenantKey("33333333-3333-4333-8333-333333333333"),
                "application/json", "{\"tenant\":\"33333333-3333-4333-8333-333333333333\",\"number\":\"x\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
    }
}
