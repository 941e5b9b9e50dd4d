package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contacts and calls through the gateway, as the curl examples of docs/api.md use them; the report's
 * unmatched figures come from cdr-service asking phonebook-service through Eureka.
 */
class CallsAndContactsIT {

    static final String CDR = GATEWAY + "/cdr-service/cdr";
    static final String PHONEBOOK = GATEWAY + "/phonebook-service/phone_book/records";

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    static Map<String, String> tenant(UUID id) {
        return Suite.admin(id);
    }

    @Test
    void contactsAndCallsMakeAReportWithUnmatchedCallsFromThePhoneBook() throws Exception {
        UUID tenant = UUID.randomUUID();
        HttpResponse<String> imported = send("POST", PHONEBOOK + "/import", tenant(tenant), "text/csv",
                "name,email,number\nAlice,alice@example.com,+357 99 000001\nBob,,bad-number\n");
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(body(imported).get("imported").asInt()).isEqualTo(1);
        assertThat(body(imported).at("/errors/0/line").asInt()).isEqualTo(3);

        HttpResponse<String> posted = send("POST", CDR + "/post", tenant(tenant), "application/json", """
                [{"uuid":"e2e-1","direction":"inbound","caller_number":35799000001,"destination_number":"2000",
                  "call_start":"2024-05-01T10:00:00Z","answer_start":"2024-05-01T10:00:10Z","call_end":"2024-05-01T10:02:10Z",
                  "duration":130,"action":"HANGUP","recording":"rec-e2e-1"},
                 {"uuid":"e2e-2","direction":"inbound","caller_number":35799000002,"destination_number":"2000",
                  "call_start":"2024-05-01T11:00:00Z","call_end":"2024-05-01T11:01:30Z","duration":90,"action":"HANGUP"}]""");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(body(posted).get("inserted").asInt()).isEqualTo(2);

        JsonNode calls = body(get(CDR + "/get", tenant(tenant)));
        assertThat(calls.size()).isEqualTo(2);
        assertThat(calls.at("/0/uuid").asString()).isEqualTo("e2e-2");
        assertThat(calls.at("/1/callStart").asString()).isEqualTo("2024-05-01T10:00:00.000Z");

        JsonNode report = body(get(CDR + "/report", tenant(tenant)));
        assertThat(report.get("total_number_of_calls").asInt()).isEqualTo(2);
        assertThat(report.get("total_successful_call_in_minutes").asInt()).isEqualTo(2);
        assertThat(report.get("total_incomplete_call_in_minutes").asInt()).isEqualTo(2);
        assertThat(report.get("unmatched_available").asBoolean()).isTrue();
        assertThat(report.get("total_unmatched_call_in_minutes").asInt()).isEqualTo(2);
        assertThat(report.get("unmatched_calls").asInt()).isEqualTo(1);
        assertThat(report.at("/top_numbers/0/name").asString()).isEqualTo("Alice");

        HttpResponse<String> contact = get(PHONEBOOK + "/0035799000001", tenant(tenant));
        assertThat(body(contact).get("name").asString()).isEqualTo("Alice");

        assertThat(send("DELETE", CDR + "/delete?recording=rec-e2e-1", tenant(tenant), null, null).statusCode()).isEqualTo(204);
        assertThat(body(get(CDR + "/get", tenant(tenant))).size()).isEqualTo(1);
    }

    /**
     * A directory as the original PBX's: ten thousand rows in ranges libphonenumber deems
     * unassigned (357 03…, 357 04…), written in several forms. All import; calls from those
     * numbers, as the PBX sends them, match their contacts, and only the others are unmatched.
     */
    @Test
    void aTenThousandRowDirectoryInUnassignedRangesMatchesItsCallsInAnyWrittenForm() throws Exception {
        UUID tenant = UUID.randomUUID();
        StringBuilder csv = new StringBuilder("name,email,number\n");
        for (int i = 0; i < 10_000; i++) {
            String national = "0" + (3 + i % 2) + String.format("%06d", 200_000 + i);
            String written = switch (i % 4) {
                case 0 -> "357" + national;
                case 1 -> "+357 " + national.substring(0, 2) + " " + national.substring(2);
                case 2 -> "00357" + national;
                default -> national;
            };
            csv.append("Agent ").append(i).append(",,").append(written).append('\n');
        }
        HttpResponse<String> imported = send("POST", PHONEBOOK + "/import", tenant(tenant), "text/csv", csv.toString());
        assertThat(body(imported).get("imported").asInt()).isEqualTo(10_000);
        assertThat(body(imported).get("rejected").asInt()).isZero();

        StringBuilder calls = new StringBuilder("[");
        long unmatchedSeconds = 0;
        for (int j = 0; j < 300; j++) {
            boolean known = j % 3 != 0;
            int i = j * 31 % 10_000;
            String number = known ? "3570" + (3 + i % 2) + String.format("%06d", 200_000 + i) : "3570599" + String.format("%04d", j);
            int duration = 60 + j % 60;
            unmatchedSeconds += known ? 0 : duration;
            calls.append(j == 0 ? "" : ",").append("""
                    {"uuid":"u-%d","direction":"inbound","caller_number":%s,"destination_number":"2000",
                     "call_start":"2024-05-01T10:00:00Z","duration":%d,"action":"HANGUP"}""".formatted(j, number, duration));
        }
        HttpResponse<String> posted = send("POST", CDR + "/post", tenant(tenant), "application/json", calls.append("]").toString());
        assertThat(body(posted).get("inserted").asInt()).isEqualTo(300);

        JsonNode report = body(get(CDR + "/report", tenant(tenant)));
        assertThat(report.get("unmatched_available").asBoolean()).isTrue();
        assertThat(report.get("unmatched_calls").asInt()).isEqualTo(100);
        assertThat(report.get("total_unmatched_call_in_minutes").asLong()).isEqualTo(Math.round(unmatchedSeconds / 60.0));
        assertThat(report.at("/top_numbers/0/name").asString()).startsWith("Agent ");
    }

    /**
     * Finding calls through the gateway: a number written any way finds the calls that hold it in
     * any form (the phone book's matching, for its default region, Cyprus), keyset pages walk the
     * filtered list once, and the export is the same list as CSV.
     */
    @Test
    void callsAreFoundByAnyWrittenFormOfANumberPagedByCursorAndExportedAsCsv() throws Exception {
        UUID tenant = UUID.randomUUID();
        StringBuilder calls = new StringBuilder("[");
        String[] forms = {"35799123456", "+35799123456", "0035799123456", "99123456"};
        for (int i = 0; i < 12; i++) {
            calls.append(i == 0 ? "" : ",").append("""
                    {"uuid":"f-%02d","direction":"%s","caller_number":"%s","destination_number":"%s",
                     "call_start":"2024-07-01T10:%02d:00Z",%s"action":"HANGUP"}""".formatted(i,
                    i % 3 == 2 ? "outbound" : "inbound", i % 3 == 2 ? "2000" : forms[i % 4],
                    i % 3 == 2 ? forms[i % 4] : "2000", i, i % 2 == 0 ? "\"answer_start\":\"2024-07-01T10:00:30Z\"," : ""));
        }
        calls.append(",{\"uuid\":\"f-other\",\"direction\":\"inbound\",\"caller_number\":\"35799654321\","
                + "\"call_start\":\"2024-07-01T11:00:00Z\",\"action\":\"HANGUP\"}]");
        assertThat(send("POST", CDR + "/post", tenant(tenant), "application/json", calls.toString()).statusCode()).isEqualTo(200);

        String query = "?number=%2B357%2099%20123%20456&answered=true";
        java.util.List<String> walked = new java.util.ArrayList<>();
        HttpResponse<String> page = get(CDR + "/get" + query + "&size=4", tenant(tenant));
        assertThat(page.headers().firstValue("X-Total-Count")).hasValue("6");
        while (true) {
            assertThat(page.statusCode()).isEqualTo(200);
            body(page).valueStream().forEach(c -> walked.add(c.get("uuid").asString()));
            java.util.Optional<String> next = page.headers().firstValue("X-Next-Cursor");
            if (next.isEmpty()) {
                break;
            }
            page = get(CDR + "/get" + query + "&size=4&cursor=" + next.get(), tenant(tenant));
        }
        assertThat(walked).containsExactly("f-10", "f-08", "f-06", "f-04", "f-02", "f-00");

        HttpResponse<String> csv = get(CDR + "/export" + query, tenant(tenant));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(7);
        assertThat(java.util.Arrays.stream(lines).skip(1).map(l -> l.substring(0, l.indexOf(','))))
                .containsExactlyElementsOf(walked);

        // Another tenant's key finds none of it; a bad filter is a problem, not a guess.
        assertThat(body(get(CDR + "/get" + query, Suite.tenantKey("33333333-3333-4333-8333-333333333333")))
                .valueStream().map(c -> c.get("uuid").asString())).noneMatch(id -> id.startsWith("f-"));
        HttpResponse<String> bad = get(CDR + "/export?direction=sideways", tenant(tenant));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void anotherTenantSeesNoneOfIt() throws Exception {
        Map<String, String> owner = Suite.tenantKey("11111111-1111-4111-8111-111111111111");
        Map<String, String> stranger = Suite.tenantKey("33333333-3333-4333-8333-333333333333");
        String uuid = "iso-" + UUID.randomUUID();
        assertThat(send("POST", CDR + "/post", owner, "application/json",
                "[{\"uuid\":\"" + uuid + "\",\"recording\":\"rec-" + uuid + "\"}]").statusCode()).isEqualTo(200);
        assertThat(send("PUT", PHONEBOOK, owner, "application/json",
                "{\"callerNumber\":\"35799000009\",\"name\":\"Owner\"}").statusCode()).isEqualTo(200);

        assertThat(body(get(CDR + "/get", stranger)).valueStream().map(c -> c.get("uuid").asString())).doesNotContain(uuid);
        assertThat(send("DELETE", CDR + "/delete?recording=rec-" + uuid, stranger, null, null).statusCode()).isEqualTo(404);
        assertThat(get(PHONEBOOK + "/35799000009", stranger).statusCode()).isEqualTo(404);
        // Naming the other tenant explicitly does not help: 403.
        assertThat(get(CDR + "/get", Map.of("X-API-Key", stranger.get("X-API-Key"),
                "tenant-uuid", "11111111-1111-4111-8111-111111111111")).statusCode()).isEqualTo(403);
        assertThat(body(get(CDR + "/get", owner)).valueStream().map(c -> c.get("uuid").asString())).contains(uuid);
        assertThat(get(PHONEBOOK + "/35799000009", owner).statusCode()).isEqualTo(200);
    }

    @Test
    void badInputIsAProblemThroughTheGatewayToo() throws Exception {
        HttpResponse<String> noTenant = send("POST", CDR + "/post", Map.of("X-API-Key", Suite.ADMIN_KEY),
                "application/json", "[]");
        assertThat(noTenant.statusCode()).isEqualTo(400);
        assertThat(noTenant.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> invalid = send("PUT", CDR + "/put", tenant(UUID.randomUUID()), "application/json",
                "{\"uuid\":\"x\",\"direction\":\"sideways\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(body(invalid).at("/errors/0/field").asString()).isEqualTo("direction");
    }
}
