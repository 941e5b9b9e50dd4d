package com.crmtelephony.cdr.outbound;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.testsupport.WebhookReceiver.Received;
import com.crmtelephony.support.webhook.WebhookSignature;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** POST /cdr/webhooks: a tenant's endpoints get its call events signed, in order per call, retried until they answer. */
class OutboundWebhookTests extends CdrServiceTest {

    private static String at(long secondsAgo) {
        return Instant.now().minusSeconds(secondsAgo).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String call(String uuid, String action, String answer, String end) {
        return """
                {"uuid":"%s","caller_number":"35799000001","destination_number":"2000","direction":"inbound",
                 "call_start":"%s","answer_start":%s,"call_end":%s,"action":"%s"}"""
                .formatted(uuid, at(30), answer == null ? "null" : "\"" + answer + "\"", end == null ? "null" : "\"" + end + "\"", action);
    }

    private ResultActions register(UUID tenant, String json) throws Exception {
        return mvc.perform(post("/cdr/webhooks").with(tenant(tenant)).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    /** Registers the receiver at a path of the test's own; answers the endpoint's id and secret. */
    private String[] endpoint(UUID tenant, String path, String events) throws Exception {
        String body = register(tenant, "{\"url\":\"" + receiver.url(path) + "\",\"events\":" + events + "}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secret", startsWith("whsec_")))
                .andReturn().getResponse().getContentAsString();
        return new String[] {JsonPath.read(body, "$.id"), JsonPath.read(body, "$.secret")};
    }

    private static void assertSigned(Received r, String secret) {
        assertThat(new WebhookSignature(secret).verify(r.headers().get("webhook-id"), r.headers().get("webhook-timestamp"),
                r.headers().get("webhook-signature"), r.body(), Instant.now(), Duration.ofMinutes(5)))
                .as("a receiver verifies the signature with the endpoint's secret").isNull();
    }

    private static List<Received> awaitReceived(String path, int count) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.at(path), r -> r.size() >= count);
    }

    @Test
    void theEventsAnEndpointAskedForArriveSignedInOrderOnce() throws Exception {
        UUID tenant = newTenant();
        String[] hook = endpoint(tenant, "/hook-a", "[\"ringing\",\"ended\",\"missed\"]");
        postCalls(tenant, "[" + call("w-1", "RING", null, null) + "]").andExpect(status().isOk());
        postCalls(tenant, "[" + call("w-1", "ANSWERED", at(20), null) + "]").andExpect(status().isOk());
        postCalls(tenant, "[" + call("w-1", "HANGUP", at(20), at(1)) + "]").andExpect(status().isOk());

        List<Received> got = awaitReceived("/hook-a", 2);
        assertThat(got).extracting(r -> (String) JsonPath.read(r.body(), "$.type")).containsExactly("call.ringing", "call.ended");
        assertThat(got).allSatisfy(r -> {
            assertSigned(r, hook[1]);
            assertThat((String) JsonPath.read(r.body(), "$.data.call.uuid")).isEqualTo("w-1");
            assertThat(r.headers().get("content-type")).startsWith("application/json");
        });
        assertThat(got).extracting(r -> r.headers().get("webhook-id")).doesNotHaveDuplicates();
        mvc.perform(get("/cdr/webhooks/{id}/deliveries", hook[0]).with(tenant(tenant)))
                .andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].state").value("delivered")).andExpect(jsonPath("$[0].attempts").value(1))
                .andExpect(jsonPath("$[0].lastStatus").value(200)).andExpect(jsonPath("$[0].nextAttemptAt").isEmpty());
        Thread.sleep(500);
        assertThat(receiver.at("/hook-a")).as("nothing more, nothing twice").hasSize(2);
    }

    @Autowired
    Deliveries deliveries;
    @Autowired
    OutboundRepository outbound;

    /**
     * A pod replaced under a new name, or killed, leaves what it had taken leased (here for ten
     * minutes, as the old leases were) to an instance that renews nothing: its row is not there,
     * so the heartbeat of this instance releases it at once, and the receiver sees it, once.
     */
    @Test
    void whatAGoneInstanceHadTakenGoesOutWithinALease() throws Exception {
        UUID tenant = newTenant();
        endpoint(tenant, "/hook-killed", "[\"ringing\"]");
        deliveries.stop();
        try {
            postCalls(tenant, "[" + call("k-1", "RING", null, null) + "]").andExpect(status().isOk());
            // Taken as a worker takes them, by an instance that then "dies" before sending.
            assertThat(outbound.lease(outbound.candidates(2).stream().map(OutboundRepository.Candidate::id).toList(),
                    Duration.ofMinutes(10), "replaced-pod:cdr-service:8901:" + UUID.randomUUID()))
                    .anySatisfy(due -> assertThat(due.tenant()).isEqualTo(tenant));
        } finally {
            deliveries.start();
        }
        // crm.outbound.lease is 1.5 s in these tests.
        List<Received> got = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.at("/hook-killed"), r -> !r.isEmpty());
        assertThat((String) JsonPath.read(got.get(0).body(), "$.data.call.uuid")).isEqualTo("k-1");
        assertThat(jdbc.queryForObject("select count(*) from webhook_delivery where leased_by is not null and state = 'delivered'",
                Long.class)).isZero();
        assertThat(jdbc.queryForList("select id from outbound_instance", String.class))
                .as("one row: this instance's").hasSize(1).allSatisfy(id -> assertThat(id).doesNotStartWith("replaced-pod"));
    }

    @Autowired
    OutboundMeters outboundMeters;

    /** The tenants' dashboard: deliveries waiting per tenant with an endpoint; the series stays once the endpoint goes. */
    @Test
    void eachTenantsWaitingDeliveriesAreCountedApart() throws Exception {
        UUID tenant = newTenant();
        UUID none = newTenant();
        String id = endpoint(tenant, "/hook-metered", "[\"ringing\"]")[0];
        assertThat(meters.get("crm.outbound.tenant.waiting").tag("tenant", tenant.toString()).gauge())
                .as("from the tenant's first endpoint on, before any read").isNotNull();
        receiver.answer(503);
        try {
            postCalls(tenant, "[" + call("m-1", "RING", null, null) + "]").andExpect(status().isOk());
            outboundMeters.readTenants();
            assertThat(meters.get("crm.outbound.tenant.waiting").tag("tenant", tenant.toString()).gauge().value()).isEqualTo(1);
            assertThat(meters.find("crm.outbound.tenant.waiting").tag("tenant", none.toString()).gauge()).isNull();
        } finally {
            receiver.answer(200);
        }
        mvc.perform(delete("/cdr/webhooks/{id}", id).with(tenant(tenant))).andExpect(status().isNoContent());
        outboundMeters.readTenants();
        assertThat(meters.get("crm.outbound.tenant.waiting").tag("tenant", tenant.toString()).gauge().value()).isZero();
    }

    /** A delivery in flight longer than its lease stays this instance's: the heartbeat renews it, nobody else sends it. */
    @Test
    void aDeliveryInFlightPastItsLeaseIsRenewedAndSentOnce() throws Exception {
        UUID tenant = newTenant();
        endpoint(tenant, "/hook-slow", "[\"ringing\"]");
        receiver.delay("/hook-slow", Duration.ofMillis(2_500));
        try {
            postCalls(tenant, "[" + call("slow-1", "RING", null, null) + "]").andExpect(status().isOk());
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject("""
                    select count(*) from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id
                    where w.tenant_id = ? and d.state = 'delivered'""", Long.class, tenant) == 1);
        } finally {
            receiver.delay("/hook-slow", Duration.ZERO);
        }
        assertThat(jdbc.queryForObject("""
                select attempts from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id
                where w.tenant_id = ?""", Integer.class, tenant)).as("taken once, though it took longer than a lease").isEqualTo(1);
        assertThat(receiver.at("/hook-slow")).hasSize(1);
    }

    @Test
    void aReceiverThatFailsGetsEverythingLaterInOrderWithTheSameIds() throws Exception {
        UUID tenant = newTenant();
        String[] hook = endpoint(tenant, "/hook-b", "[\"ringing\",\"answered\",\"ended\"]");
        receiver.answer(503);
        postCalls(tenant, "[" + call("b-1", "RING", null, null) + "," + call("b-2", "RING", null, null) + "]").andExpect(status().isOk());
        postCalls(tenant, "[" + call("b-1", "ANSWERED", at(20), null) + "]").andExpect(status().isOk());
        postCalls(tenant, "[" + call("b-1", "HANGUP", at(20), at(1)) + "]").andExpect(status().isOk());
        awaitReceived("/hook-b", 6); // tried, and retried
        receiver.answer(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject("select count(*) from webhook_delivery d"
                + " join webhook_endpoint w on w.id = d.endpoint_id where w.tenant_id = ? and d.state = 'delivered'", Long.class, tenant) == 4);
        List<Received> got = receiver.at("/hook-b");
        // What the receiver accepted (the 2xx answers came after the switch): each id once, a call's events in order.
        List<String> ids = got.stream().map(r -> r.headers().get("webhook-id")).distinct().toList();
        assertThat(ids).hasSize(4);
        List<String> b1 = got.stream().filter(r -> JsonPath.read(r.body(), "$.data.call.uuid").equals("b-1"))
                .map(r -> (String) JsonPath.read(r.body(), "$.type")).distinct().toList();
        assertThat(b1).containsExactly("call.ringing", "call.answered", "call.ended");
        got.forEach(r -> assertSigned(r, hook[1]));
        mvc.perform(get("/cdr/webhooks/{id}/deliveries", hook[0]).with(tenant(tenant)))
                .andExpect(jsonPath("$[?(@.attempts > 1)]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty())));
    }

    @Test
    void anEndpointFailingPastTheLimitIsDisabledAndEnablingItDeliversWhatWaited() throws Exception {
        UUID tenant = newTenant();
        String[] hook = endpoint(tenant, "/hook-c", "[\"ringing\"]");
        receiver.answer(500);
        postCalls(tenant, "[" + call("c-1", "RING", null, null) + "]").andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(15)).until(() -> !jdbc.queryForObject(
                "select enabled from webhook_endpoint where id = ?::uuid", Boolean.class, hook[0]));
        mvc.perform(get("/cdr/webhooks").with(tenant(tenant)))
                .andExpect(jsonPath("$[0].enabled").value(false))
                .andExpect(jsonPath("$[0].disabledReason", startsWith("failed for longer than")))
                .andExpect(jsonPath("$[0].secret").doesNotExist());
        receiver.answer(200);
        int before = receiver.at("/hook-c").size();
        Thread.sleep(400);
        assertThat(receiver.at("/hook-c")).as("a disabled endpoint gets nothing").hasSize(before);
        mvc.perform(post("/cdr/webhooks/{id}/enable", hook[0]).with(tenant(tenant))).andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(true));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select state from webhook_delivery where endpoint_id = ?::uuid", String.class, hook[0]).equals("delivered"));
    }

    @Test
    void aRotatedSecretSignsWhatFollows() throws Exception {
        UUID tenant = newTenant();
        String[] hook = endpoint(tenant, "/hook-d", "[\"ringing\"]");
        String rotated = JsonPath.read(mvc.perform(post("/cdr/webhooks/{id}/rotate-secret", hook[0]).with(tenant(tenant)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(), "$.secret");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(hook[1]);
        postCalls(tenant, "[" + call("d-1", "RING", null, null) + "]").andExpect(status().isOk());
        Received r = awaitReceived("/hook-d", 1).get(0);
        assertSigned(r, rotated);
        // Within a day of the rotation the old secret signs too: a receiver that has not switched yet still verifies.
        assertSigned(r, hook[1]);
        assertThat(r.headers().get("webhook-signature").split(" ")).hasSize(2);

        // A day later, only the new one.
        jdbc.update("update webhook_endpoint set previous_until = now() - interval '1 second' where id = ?::uuid", hook[0]);
        postCalls(tenant, "[" + call("d-2", "RING", null, null) + "]").andExpect(status().isOk());
        Received later = awaitReceived("/hook-d", 2).get(1);
        assertSigned(later, rotated);
        assertThat(new WebhookSignature(hook[1]).verify(later.headers().get("webhook-id"), later.headers().get("webhook-timestamp"),
                later.headers().get("webhook-signature"), later.body(), Instant.now(), Duration.ofMinutes(5))).isNotNull();
    }

    @Autowired
    EndpointSecrets endpointSecrets;
    @Autowired
    OutboundRepository outboundRepository;

    /** Issue 37: secrets are encrypted at rest, bound to their endpoint; one stored in clear before is encrypted at start. */
    @Test
    void endpointSecretsAreEncryptedAtRest() throws Exception {
        UUID tenant = newTenant();
        String[] hook = endpoint(tenant, "/hook-sealed", "[\"ringing\"]");
        String stored = jdbc.queryForObject("select secret from webhook_endpoint where id = ?::uuid", String.class, hook[0]);
        assertThat(stored).startsWith("v1:").doesNotContain(hook[1]).doesNotContain(hook[1].substring(6));
        assertThat(endpointSecrets.open(stored, UUID.fromString(hook[0]))).isEqualTo(hook[1]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpointSecrets.open(stored, UUID.randomUUID()))
                .as("moved to another endpoint's row").isInstanceOf(IllegalStateException.class);

        jdbc.update("update webhook_endpoint set secret = ? where id = ?::uuid", hook[1], hook[0]);
        outboundRepository.afterPropertiesSet();
        String resealed = jdbc.queryForObject("select secret from webhook_endpoint where id = ?::uuid", String.class, hook[0]);
        assertThat(resealed).startsWith("v1:");
        postCalls(tenant, "[" + call("s-1", "RING", null, null) + "]").andExpect(status().isOk());
        assertSigned(awaitReceived("/hook-sealed", 1).get(0), hook[1]);
    }

    @Test
    void aTenantSeesTouchesAndGetsOnlyItsOwnEndpoints() throws Exception {
        UUID owner = newTenant();
        UUID other = newTenant();
        String[] hook = endpoint(owner, "/hook-e", "[\"ringing\"]");
        mvc.perform(get("/cdr/webhooks").with(tenant(other))).andExpect(jsonPath("$", hasSize(0)));
        mvc.perform(get("/cdr/webhooks/{id}/deliveries", hook[0]).with(tenant(other))).andExpect(status().isNotFound());
        mvc.perform(post("/cdr/webhooks/{id}/rotate-secret", hook[0]).with(tenant(other))).andExpect(status().isNotFound());
        mvc.perform(post("/cdr/webhooks/{id}/enable", hook[0]).with(tenant(other))).andExpect(status().isNotFound());
        mvc.perform(delete("/cdr/webhooks/{id}", hook[0]).with(tenant(other))).andExpect(status().isNotFound());
        postCalls(other, "[" + call("e-1", "RING", null, null) + "]").andExpect(status().isOk());
        Thread.sleep(500);
        assertThat(receiver.at("/hook-e")).as("another tenant's calls").isEmpty();
        mvc.perform(delete("/cdr/webhooks/{id}", hook[0]).with(tenant(owner))).andExpect(status().isNoContent());
        mvc.perform(get("/cdr/webhooks").with(tenant(owner))).andExpect(jsonPath("$", hasSize(0)));
    }

    /** SSRF: a tenant's URL may not reach this host or any private network; nothing is stored. */
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1/x", "http://localhost:8901/cdr/reports", "http://10.0.0.1/", "http://192.168.1.10/",
            "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8901/", "http://0.0.0.0/",
            "http://100.64.0.1/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://2130706433/",
            "ftp://93.184.216.34/", "file:///etc/passwd", "http://user:pw@93.184.216.34/", "gopher://93.184.216.34/",
            "http://no-such-host.invalid/",
            // Issue 37: every form an address of this network can take, the documentation ranges, other ports.
            "http://[::127.0.0.1]/", "http://[::7f00:1]/", "http://[64:ff9b::7f00:1]/", "http://[64:ff9b:1::a00:1]/",
            "http://[2002:7f00:1::]/", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "http://[2001:db8::1]/",
            "http://[fe80::1]/", "http://[fec0::1]/", "http://[ff02::1]/", "http://[100::1]/", "http://[::]/",
            "http://192.0.2.10/", "http://198.51.100.10/", "http://203.0.113.10/", "http://198.18.0.1/", "http://192.0.0.8/",
            "http://192.88.99.1/", "http://224.0.0.1/", "http://240.0.0.1/", "http://255.255.255.255/", "http://0x7f000001/",
            "http://0177.0.0.1/", "http://127.1/", "http://93.184.216.34:99999/", "http://93.184.216.34:8080/",
            "https://93.184.216.34:8443/", "http://93.184.216.34:22/"})
    void urlsThatReachThisNetworkOrAreNoHttpAreRefused(String url) throws Exception {
        UUID tenant = newTenant();
        String refusal = register(tenant, "{\"url\":\"" + url + "\",\"events\":[\"ringing\"]}")
                .andExpect(status().is4xxClientError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn().getResponse().getContentAsString();
        // The refusal says why, never which address the name resolved to.
        assertThat(refusal).doesNotContain("127.0.0.1").doesNotContain("0:0:0:0").doesNotContain("::1)");
        assertThat(jdbc.queryForObject("select count(*) from webhook_endpoint where tenant_id = ?", Long.class, tenant)).isZero();
    }

    @Test
    void aPublicAddressIsAcceptedAndBadRegistrationsAre400() throws Exception {
        UUID tenant = newTenant();
        register(tenant, "{\"url\":\"https://93.184.216.34/hooks\",\"events\":[\"missed\"]}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.events[0]").value("missed"));
        for (String bad : new String[] {"{\"events\":[\"ringing\"]}", "{\"url\":\"https://93.184.216.34/\",\"events\":[]}",
                "{\"url\":\"https://93.184.216.34/\",\"events\":[\"dialing\"]}", "{\"url\":\"https://93.184.216.34/\"}",
                "{\"url\":\"https://93.184.216.34/\",\"events\":[\"ringing\"],\"secret\":\"short\"}",
                "{\"url\":\"https://93.184.216.34/\",\"events\":[\"ringing\"],\"secret\":\"whsec_c2hvcnQ=\"}", "x",
                "{\"url\":\"https://93.184.216.34/\",\"events\":[null]}",
                "{\"url\":\"https://93.184.216.34/\",\"events\":[\"ringing\",null]}"}) {
            register(tenant, bad).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        for (int i = 1; i < 10; i++) {
            register(tenant, "{\"url\":\"https://93.184.216.34/" + i + "\",\"events\":[\"ringing\"]}").andExpect(status().isCreated());
        }
        register(tenant, "{\"url\":\"https://93.184.216.34/11\",\"events\":[\"ringing\"]}").andExpect(status().isConflict());
        assertThat(jdbc.queryForObject("select count(*) from webhook_endpoint where tenant_id = ?", Long.class, tenant)).isEqualTo(10);
        mvc.perform(get("/cdr/webhooks").with(tenant(tenant))).andExpect(jsonPath("$", hasSize(10)));
        // (these endpoints never hear of this tenant's calls: it posts none; the worker leaves them alone)
        mvc.perform(get("/cdr/webhooks")).andExpect(status().isUnauthorized());
    }

    static boolean delivered(JdbcTemplate jdbc, UUID tenant, int count) {
        return jdbc.queryForObject("select count(*) from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id"
                + " where w.tenant_id = ? and d.state = 'delivered'", Long.class, tenant) >= count;
    }

    /**
     * Issue 37, the noisy neighbour: tenant A floods endpoints that never answer and one that
     * trickles its body; tenant B's delivery still arrives within seconds. A holds at most its
     * share of the senders, and the trickler's 200 is taken without waiting for its body.
     */
    @Test
    void oneTenantsSilentAndTricklingReceiversDoNotHoldUpAnothersDeliveries() throws Exception {
        UUID greedy = newTenant();
        UUID other = newTenant();
        for (int i = 0; i < 8; i++) {
            register(greedy, "{\"url\":\"" + slow.silentUrl("/never-" + i) + "\",\"events\":[\"ringing\",\"answered\",\"ended\",\"missed\"]}")
                    .andExpect(status().isCreated());
        }
        register(greedy, "{\"url\":\"" + slow.tricklingUrl("/trickle") + "\",\"events\":[\"ringing\"]}")
                .andExpect(status().isCreated());
        StringBuilder flood = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            flood.append(i == 0 ? "" : ",").append(call("flood-" + i, "RING", null, null));
        }
        postCalls(greedy, flood.append("]").toString()).andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.silentConnections() > 0);
        // Watched while the flood goes on: never more of the tenant's deliveries held open than its share.
        java.util.concurrent.atomic.AtomicInteger mostHeld = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledExecutorService watch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        watch.scheduleAtFixedRate(() -> mostHeld.accumulateAndGet(slow.openSilent(), Math::max), 0, 20,
                java.util.concurrent.TimeUnit.MILLISECONDS);

        endpoint(other, "/hook-fair", "[\"ringing\"]");
        long sent = System.nanoTime();
        postCalls(other, "[" + call("fair-1", "RING", null, null) + "]").andExpect(status().isOk());
        awaitReceived("/hook-fair", 1);
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("the other tenant's delivery").isLessThan(Duration.ofSeconds(5));

        // The trickler's deliveries count as delivered on its 200, not when its body would end
        // (hours) nor at the deadline (3 s here): 20 of them, two at a time, well within 20 s,
        // once the tenant's silent endpoints, failing, come after its working one.
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(jdbc, greedy, 20));
        watch.shutdownNow();
        // The greedy tenant never held more than its share of this instance's senders at once.
        assertThat(mostHeld.get()).isBetween(1, shares.of("deliveries", greedy));
    }

    @Autowired
    com.crmtelephony.support.shares.TenantShares shares;

    /** 410 Gone disables the endpoint at once; 429 waits at least the Retry-After it names. */
    @Test
    void goneDisablesTheEndpointAndRetryAfterIsHonoured() throws Exception {
        UUID tenant = newTenant();
        String[] hook = endpoint(tenant, "/hook-gone", "[\"ringing\"]");
        receiver.answer(410);
        postCalls(tenant, "[" + call("g-1", "RING", null, null) + "]").andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(10)).until(() -> !jdbc.queryForObject(
                "select enabled from webhook_endpoint where id = ?::uuid", Boolean.class, hook[0]));
        assertThat(jdbc.queryForObject("select disabled_reason from webhook_endpoint where id = ?::uuid", String.class, hook[0]))
                .contains("410");

        UUID limited = newTenant();
        String[] busy = endpoint(limited, "/hook-busy", "[\"ringing\"]");
        receiver.answer(429, Map.of("Retry-After", "30"));
        postCalls(limited, "[" + call("r-1", "RING", null, null) + "]").andExpect(status().isOk());
        awaitReceived("/hook-busy", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                "select count(*) from webhook_delivery where endpoint_id = ?::uuid and last_status = 429", Long.class, busy[0]) == 1);
        // crm.outbound.max-retry (400 ms in these tests) caps the wait a receiver may ask for.
        assertThat(jdbc.queryForObject("select blocked_until > now() + interval '200 milliseconds' from webhook_endpoint"
                + " where id = ?::uuid", Boolean.class, busy[0])).isTrue();
    }
}
