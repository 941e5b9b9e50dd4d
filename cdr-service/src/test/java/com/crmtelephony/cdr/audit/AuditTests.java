package com.crmtelephony.cdr.audit;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.support.audit.AuditTrail;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit trail: what an admin key does here, read or change, with its key, the tenant it
 * named, the status and the trace; nothing a tenant key or a service's own token does; entries
 * that cannot be changed or removed but by the trail's own retention.
 */
class AuditTests extends CdrServiceTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Autowired
    AuditTrail trail;

    private Map<String, Object> last(String key) {
        return jdbc.queryForMap("select * from audit_entry where key_name = ? order by id desc limit 1", key);
    }

    private long entries(String key) {
        return jdbc.queryForObject("select count(*) from audit_entry where key_name = ?", Long.class, key);
    }

    @Test
    void anAdminsReadsAndChangesAreRecordedWithKeyTenantStatusAndTrace() throws Exception {
        UUID tenant = newTenant();
        String key = "admin-" + tenant;
        mvc.perform(get("/cdr/get").param("number", "35799000001").with(admin().subject(key))
                        .header("tenant-uuid", tenant).header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01"))
                .andExpect(status().isOk());
        Map<String, Object> read = last(key);
        assertThat(read).containsEntry("method", "GET").containsEntry("path", "/cdr/get").containsEntry("tenant_id", tenant)
                .containsEntry("status", 200).containsEntry("trace_id", TRACE);
        assertThat(read.toString()).as("the query, which may hold a number, is not kept").doesNotContain("35799000001");

        mvc.perform(put("/cdr/retention").with(admin().subject(key)).header("tenant-uuid", tenant)
                .contentType(MediaType.APPLICATION_JSON).content("{\"days\":0}")).andExpect(status().isBadRequest());
        assertThat(last(key)).containsEntry("method", "PUT").containsEntry("path", "/cdr/retention").containsEntry("status", 400);
        mvc.perform(post("/cdr/update_cdr").with(admin().subject(key)));
        assertThat(last(key)).containsEntry("method", "POST").containsEntry("path", "/cdr/update_cdr");
        assertThat(entries(key)).isEqualTo(3);

        // Admins query it; the query is an admin's read too.
        mvc.perform(get("/cdr/audit").param("key", key).with(admin().subject("auditor-" + tenant))).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].path").value("/cdr/update_cdr"))
                .andExpect(jsonPath("$[2].traceId").value(TRACE));
        mvc.perform(get("/cdr/audit").param("tenant", tenant.toString()).with(admin())).andExpect(jsonPath("$.length()").value(2));
        assertThat(entries("auditor-" + tenant)).isEqualTo(1);
    }

    @Test
    void tenantKeysAndServicesOwnTokensAreNotAdminsAndCannotReadTheTrail() throws Exception {
        UUID tenant = newTenant();
        long before = jdbc.queryForObject("select count(*) from audit_entry", Long.class);
        mvc.perform(get("/cdr/get").with(tenant(tenant))).andExpect(status().isOk());
        mvc.perform(get("/cdr/get").with(TestTokens.service("pbx-integration-service", TestTokens.PBX)).header("tenant-uuid", tenant));
        mvc.perform(get("/cdr/audit").with(tenant(tenant))).andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("select count(*) from audit_entry", Long.class)).isEqualTo(before);
        mvc.perform(get("/cdr/audit").param("limit", "0").with(admin())).andExpect(status().isBadRequest());
    }

    @Test
    void entriesCannotBeChangedOrRemovedButByTheTrailsRetention() {
        String key = "old-" + UUID.randomUUID();
        jdbc.update("insert into audit_entry (at, key_name, method, path, status) values (now() - interval '500 days', ?, 'GET', '/x', 200)", key);
        trail.record(key, "GET", "/y", null, 200, null);
        for (String sql : new String[] {"update audit_entry set status = 500 where key_name = ?",
                "delete from audit_entry where key_name = ?"}) {
            assertThatExceptionOfType(DataAccessException.class).as(sql).isThrownBy(() -> jdbc.update(sql, key))
                    .satisfies(e -> assertThat(e.getMostSpecificCause().getMessage()).contains("append-only"));
        }
        assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> jdbc.execute("truncate audit_entry"));
        assertThat(entries(key)).isEqualTo(2);

        assertThat(trail.forget(java.time.Duration.ofDays(400))).isPositive();
        assertThatExceptionOfType(DataAccessException.class).as("the trail keeps at least 30 days")
                .isThrownBy(() -> trail.forget(java.time.Duration.ofDays(29)));
        assertThat(jdbc.queryForList("select path from audit_entry where key_name = ?", String.class, key)).containsExactly("/y");
    }

    /**
     * Issue 37: a tenant key's writes to its webhook endpoints, erasures and exports are
     * recorded, its reads are not; an admin's erasure names, in the trail, the tenant it acted for.
     */
    @Test
    void aTenantKeysWritesAreRecordedAndAnAdminsErasureNamesItsTenant() throws Exception {
        UUID tenant = UUID.randomUUID();
        String key = "tenant-key-" + tenant;
        mvc.perform(get("/cdr/get").with(tenant(tenant).subject(key))).andExpect(status().isOk());
        mvc.perform(post("/cdr/webhooks").with(tenant(tenant).subject(key)).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"url\":\"https://93.184.216.34/hook\",\"events\":[\"ringing\"]}")).andExpect(status().isCreated());
        mvc.perform(get("/cdr/export").with(tenant(tenant).subject(key))).andExpect(status().isOk());
        assertThat(jdbc.queryForList("select method || ' ' || path from audit_entry where key_name = ? order by id", String.class, key))
                .containsExactly("POST /cdr/webhooks", "GET /cdr/export");
        assertThat(jdbc.queryForList("select tenant_id from audit_entry where key_name = ?", UUID.class, key)).containsOnly(tenant);

        String admin = "admin-" + tenant;
        mvc.perform(post("/cdr/privacy/erasures").with(admin().subject(admin)).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"tenant\":\"" + tenant + "\",\"email\":\"nobody@example.com\"}")).andExpect(status().isCreated());
        assertThat(jdbc.queryForList("select tenant_id from audit_entry where key_name = ? and path = '/cdr/privacy/erasures'",
                UUID.class, admin)).containsExactly(tenant);
    }
}
