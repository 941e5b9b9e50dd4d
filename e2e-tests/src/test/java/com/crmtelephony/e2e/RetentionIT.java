package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.admin;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention through the gateway: an admin sets a tenant's periods for calls and contacts, the
 * job removes the calls past it, the report counts what is left, and the PBX's copy of an
 * expired call sent again is not stored; a tenant key reads its periods but sets none.
 */
class RetentionIT {

    static final String CALLS = GATEWAY + "/cdr-service/cdr/retention";
    static final String CONTACTS = GATEWAY + "/phonebook-service/phone_book/retention";
    static final Map<String, String> ADMIN = Map.of("X-API-Key", Suite.ADMIN_KEY);

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    static String call(String uuid, long daysAgo) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(daysAgo, ChronoUnit.DAYS);
        return """
                {"uuid":"%s","caller_number":"35799300001","destination_number":"101","direction":"inbound",
                 "call_start":"%s","answer_start":"%s","call_end":"%s","action":"HANGUP"}"""
                .formatted(uuid, start, start.plusSeconds(3), start.plusSeconds(63));
    }

    static int calls(UUID tenant) throws Exception {
        return body(get(GATEWAY + "/cdr-service/cdr/get", admin(tenant))).size();
    }

    @Test
    void expiredCallsGoAndStayGoneAndTheReportCountsWhatIsLeft() throws Exception {
        UUID tenant = UUID.randomUUID();
        String old = call("ret-" + tenant + "-old", 200);
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json",
                "[" + old + "," + call("ret-" + tenant + "-new", 2) + "]").statusCode()).isEqualTo(200);
        assertThat(calls(tenant)).isEqualTo(2);
        assertThat(body(get(CALLS, admin(tenant))).get("days").isNull()).isTrue();

        HttpResponse<String> set = send("PUT", CALLS, admin(tenant), "application/json", "{\"days\":90}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        HttpResponse<String> ran = send("POST", CALLS + "/run", admin(tenant), null, null);
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        // The tenant is among those with a period (the hourly run may have taken its call a moment before).
        assertThat(body(ran).valueStream().filter(r -> r.get("tenant").asString().equals(tenant.toString()))
                .map(r -> r.get("days").asInt())).containsExactly(90);

        assertThat(calls(tenant)).isEqualTo(1);
        assertThat(body(get(GATEWAY + "/cdr-service/cdr/report", admin(tenant))).get("total_number_of_calls").asLong())
                .isEqualTo(1);
        // The PBX sends it again (a full sync): it stays gone.
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", admin(tenant), "application/json", "[" + old + "]")
                .statusCode()).isEqualTo(200);
        assertThat(calls(tenant)).isEqualTo(1);

        // Back to keeping everything; nobody else's calls were touched by any of it.
        assertThat(send("PUT", CALLS, admin(tenant), "application/json", "{\"days\":null}").statusCode()).isEqualTo(200);
    }

    @Test
    void contactsHaveTheirOwnPeriodAndRecentOnesStay() throws Exception {
        UUID tenant = UUID.randomUUID();
        assertThat(send("POST", GATEWAY + "/phonebook-service/phone_book/records", admin(tenant), "application/json",
                "[{\"callerNumber\":\"+35799300002\",\"name\":\"Kept\"}]").statusCode()).isEqualTo(200);
        assertThat(send("PUT", CONTACTS, admin(tenant), "application/json", "{\"days\":30}").statusCode()).isEqualTo(200);
        assertThat(body(get(CONTACTS, admin(tenant))).get("days").asInt()).isEqualTo(30);
        assertThat(body(get(CALLS, admin(tenant))).get("days").isNull()).as("calls keep their own period").isTrue();
        assertThat(send("POST", CONTACTS + "/run", ADMIN, null, null).statusCode()).isEqualTo(200);
        assertThat(body(get(GATEWAY + "/phonebook-service/phone_book/records", admin(tenant)))).hasSize(1);
        assertThat(send("PUT", CONTACTS, admin(tenant), "application/json", "{\"days\":null}").statusCode()).isEqualTo(200);
    }

    @Test
    void aTenantKeyReadsItsPeriodsButSetsNoneAndBadPeriodsAreRefused() throws Exception {
        String tenant = "33333333-3333-4333-8333-333333333333";
        for (String url : new String[] {CALLS, CONTACTS}) {
            assertThat(get(url, tenantKey(tenant)).statusCode()).as(url).isEqualTo(200);
            HttpResponse<String> refused = send("PUT", url, tenantKey(tenant), "application/json", "{\"days\":1}");
            assertThat(refused.statusCode()).as(url).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(send("POST", url + "/run", tenantKey(tenant), null, null).statusCode()).as(url).isEqualTo(403);
            HttpResponse<String> bad = send("PUT", url, admin(UUID.fromString(tenant)), "application/json", "{\"days\":1.5}");
            assertThat(bad.statusCode()).as(url).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(body(get(url, tenantKey(tenant))).get("days").isNull()).as(url).isTrue();
        }
    }
}
