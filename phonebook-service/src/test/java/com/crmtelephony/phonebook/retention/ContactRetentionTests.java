package com.crmtelephony.phonebook.retention;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.phonebook.PhonebookServiceTest;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A tenant's retention period for contacts: contacts nobody wrote for that long go, in batches,
 * on one instance at a time; the change feed names their numbers, so that cdr-service forgets
 * their names.
 */
class ContactRetentionTests extends PhonebookServiceTest {

    @AfterEach
    void noLockLeft() {
        jdbc.update("update shedlock set lock_until = locked_at where name = 'retention'");
        jdbc.update("update tenant_setting set contact_retention_days = null");
    }

    private ResultActions setDays(UUID tenant, String body) throws Exception {
        return mvc.perform(put("/phone_book/retention").with(admin()).header("tenant-uuid", tenant)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions runNow() throws Exception {
        return mvc.perform(post("/phone_book/retention/run").with(admin()));
    }

    /** Three contacts, two of them last written 100 and 40 days ago. */
    private void storeContacts(UUID tenant) throws Exception {
        postRecords(tenant, """
                [{"name":"Old","callerNumber":"+35799200001"},{"name":"Older","callerNumber":"+35799200002"},
                 {"name":"New","callerNumber":"+35799200003"}]""").andExpect(status().is2xxSuccessful());
        jdbc.update("update contact set updated_at = now() - interval '100 days' where tenant_id = ? and name = 'Older'", tenant);
        jdbc.update("update contact set updated_at = now() - interval '40 days' where tenant_id = ? and name = 'Old'", tenant);
    }

    @Test
    void contactsNotWrittenForThePeriodGoAndOtherTenantsKeepTheirs() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        storeContacts(tenant);
        storeContacts(other);
        String position = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                mvc.perform(get("/phone_book/records/changes").with(tenant(tenant))).andReturn().getResponse().getContentAsString())
                .get("position").asString();

        mvc.perform(get("/phone_book/retention").with(tenant(tenant))).andExpect(jsonPath("$.days").value(nullValue()));
        setDays(tenant, "{\"days\":30}").andExpect(status().isOk()).andExpect(jsonPath("$.days").value(30));
        runNow().andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.tenant == '" + tenant + "')].rows").value(org.hamcrest.Matchers.contains(2)));

        assertThat(jdbc.queryForList("select name from contact where tenant_id = ?", String.class, tenant)).containsExactly("New");
        assertThat(stored(other)).isEqualTo(3);
        mvc.perform(get("/phone_book/records/changes").param("after", position).with(tenant(tenant)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.numbers").value(org.hamcrest.Matchers.hasItems("+35799200001", "+35799200002")));
        mvc.perform(get("/phone_book/retention").with(tenant(tenant))).andExpect(jsonPath("$.days").value(30));
    }

    @Test
    void anotherInstanceRunningItMeansThisOneDoesNot() throws Exception {
        runNow().andExpect(status().isOk());
        UUID tenant = newTenant();
        storeContacts(tenant);
        setDays(tenant, "{\"days\":30}").andExpect(status().isOk());
        jdbc.update("update shedlock set lock_until = now() + interval '1 hour', locked_by = 'another' where name = 'retention'");

        runNow().andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(stored(tenant)).isEqualTo(3);

        jdbc.update("update shedlock set lock_until = locked_at where name = 'retention'");
        runNow().andExpect(status().isOk());
        assertThat(stored(tenant)).isEqualTo(1);
    }

    @Test
    void badPeriodsAndTenantKeysAreRefusedAndChangeNothing() throws Exception {
        UUID tenant = newTenant();
        storeContacts(tenant);
        for (String body : new String[] {"{\"days\":0}", "{\"days\":36501}", "{}", "{\"days\":1.5}", "null"}) {
            setDays(tenant, body).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(put("/phone_book/retention").with(tenant(tenant)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"days\":1}")).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/phone_book/retention/run").with(tenant(tenant))).andExpect(status().isForbidden());
        mvc.perform(get("/phone_book/retention").with(tenant(tenant))).andExpect(jsonPath("$.days").value(nullValue()));
        runNow().andExpect(status().isOk());
        assertThat(stored(tenant)).isEqualTo(3);
        mvc.perform(get("/phone_book/records").with(tenant(tenant))).andExpect(jsonPath("$", hasSize(3)));
    }
}
