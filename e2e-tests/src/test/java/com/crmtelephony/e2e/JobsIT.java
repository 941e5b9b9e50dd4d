package com.crmtelephony.e2e;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long work as jobs through the gateway: {@code Prefer: respond-async} on the import and the sync
 * answers 202 with a job whose Location, relative to the request, resolves behind the gateway's
 * prefix; the job is read through the same routes and checks, by its own tenant only.
 */
class JobsIT {

    static final String OWNER = "11111111-1111-4111-8111-111111111111";
    static final String OTHER = "22222222-2222-4222-8222-222222222222";

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    static Map<String, String> async(Map<String, String> headers) {
        Map<String, String> with = new HashMap<>(headers);
        with.put("Prefer", "respond-async");
        return with;
    }

    /** The job's URL, from a 202's Location resolved against the request's own URL. */
    static String jobUrl(String requestUrl, HttpResponse<String> accepted) {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("respond-async");
        return URI.create(requestUrl).resolve(accepted.headers().firstValue("Location").orElseThrow()).toString();
    }

    static JsonNode ended(String jobUrl, Map<String, String> headers) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> job = get(jobUrl, headers);
            assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
            last[0] = body(job);
            return last[0].get("state").asString().matches("succeeded|failed");
        });
        return last[0];
    }

    @Test
    void anImportAsAJobIsReadThroughTheGatewayByItsTenantOnly() throws Exception {
        String importUrl = GATEWAY + "/phonebook-service/phone_book/records/import";
        String url = jobUrl(importUrl, send("POST", importUrl, async(tenantKey(OWNER)), "text/csv",
                "name,email,number\nJob Probe,,+357 99 770001\nBad Row,,12\n"));
        assertThat(url).startsWith(GATEWAY + "/phonebook-service/phone_book/jobs/");

        JsonNode job = ended(url, tenantKey(OWNER));
        assertThat(job.get("state").asString()).isEqualTo("succeeded");
        assertThat(job.get("done").asInt()).isEqualTo(2);
        assertThat(job.get("total").asInt()).isEqualTo(2);
        assertThat(job.at("/errors/0/line").asInt()).isEqualTo(3);
        assertThat(job.at("/result/imported").asInt() + job.at("/result/unchanged").asInt()).isEqualTo(1);
        String records = GATEWAY + "/phonebook-service/phone_book/records";
        assertThat(body(get(records + "/35799770001", tenantKey(OWNER))).get("name").asString()).isEqualTo("Job Probe");

        HttpResponse<String> foreign = get(url, tenantKey(OTHER));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(get(url, Map.of()).statusCode()).isEqualTo(401);

        assertThat(send("DELETE", records, tenantKey(OWNER), "application/json", "[\"35799770001\"]").statusCode()).isEqualTo(200);
    }

    @Test
    void aSyncAsAJobEndsWithTheSynchronousAnswer() throws Exception {
        String syncUrl = GATEWAY + "/cdr-service/cdr/update_cdr";
        String url = jobUrl(syncUrl, send("POST", syncUrl, async(tenantKey(OWNER)), null, null));
        assertThat(url).startsWith(GATEWAY + "/cdr-service/cdr/jobs/");
        JsonNode job = ended(url, tenantKey(OWNER));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.at("/result/tenant").asString()).isEqualTo(OWNER);
        assertThat(job.get("done").asLong()).isEqualTo(job.at("/result/fetched").asLong());
        assertThat(get(url, tenantKey(OTHER)).statusCode()).isEqualTo(404);
    }
}
