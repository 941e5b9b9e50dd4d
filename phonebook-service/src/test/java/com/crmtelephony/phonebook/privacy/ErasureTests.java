package com.crmtelephony.phonebook.privacy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.phonebook.PhonebookServiceTest;

import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.service;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** POST /phone_book/erasures: the person's contacts and their numbers' change-feed rows go, in this tenant only. */
class ErasureTests extends PhonebookServiceTest {

    private ResultActions erase(UUID tenant, String body) throws Exception {
        // cdr-service's own token, naming the tenant: the one caller config-repo lets in here.
        return mvc.perform(post("/phone_book/erasures").with(service("cdr-service", TestTokens.CDR))
                .header(Callers.TENANT_HEADER, tenant.toString()).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long changes(UUID tenant, String number) {
        return jdbc.queryForObject("select count(*) from contact_change where tenant_id = ? and number = ?", Long.class,
                tenant, number);
    }

    private void store(UUID tenant) throws Exception {
        postRecords(tenant, """
                [{"callerNumber":"+35799500001","name":"Alice","emailId":"alice@example.com"},
                 {"callerNumber":"+35799500002","name":"Alice at work","emailId":"ALICE@example.com"},
                 {"callerNumber":"+35799500003","name":"Bob","emailId":"bob@example.com"}]""").andExpect(status().isOk());
    }

    @Test
    void aNumberInAnyFormErasesItsContactAndItsTrailInTheFeed() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        store(tenant);
        store(other);
        assertThat(changes(tenant, "+35799500001")).isPositive();

        erase(tenant, "{\"number\":\"0035799500001\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.contacts").value(1)).andExpect(jsonPath("$.numbers", contains("+35799500001")));

        assertThat(stored(tenant)).isEqualTo(2);
        assertThat(changes(tenant, "+35799500001")).isZero();
        assertThat(stored(other)).isEqualTo(3);
        assertThat(changes(other, "+35799500001")).isPositive();
        // Again: nothing left to erase, and it says so.
        erase(tenant, "{\"number\":\"+35799500001\"}").andExpect(status().isOk()).andExpect(jsonPath("$.contacts").value(0));
    }

    @Test
    void anAddressErasesEveryContactWithItWhateverItsCase() throws Exception {
        UUID tenant = newTenant();
        store(tenant);
        erase(tenant, "{\"email\":\"Alice@Example.com\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.contacts").value(2))
                .andExpect(jsonPath("$.numbers", containsInAnyOrder("+35799500001", "+35799500002")));
        assertThat(jdbc.queryForList("select name from contact where tenant_id = ?", String.class, tenant)).containsExactly("Bob");
    }

    @Test
    void badRequestsEraseNothing() throws Exception {
        UUID tenant = newTenant();
        store(tenant);
        for (String body : new String[] {"{}", "{\"number\":\"+35799500001\",\"email\":\"bob@example.com\"}",
                "{\"number\":\"not a number\"}", "{\"email\":\"nobody\"}", "{\"email\":\"\"}"}) {
            erase(tenant, body).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        assertThat(stored(tenant)).isEqualTo(3);
    }

    /** The erasure's part is cdr-service's: no caller's token reaches it, a tenant's nor an admin's. */
    @Test
    void noCallersTokenMayErase() throws Exception {
        UUID tenant = newTenant();
        store(tenant);
        for (TestTokens.Token token : new TestTokens.Token[] {tenant(tenant), admin()}) {
            mvc.perform(post("/phone_book/erasures").with(token).header(Callers.TENANT_HEADER, tenant.toString())
                            .contentType(MediaType.APPLICATION_JSON).content("{\"number\":\"+35799500001\"}"))
                    .andExpect(status().isForbidden());
        }
        assertThat(stored(tenant)).isEqualTo(3);
    }

    /** A NUL in an address is 400 naming the field, not a database error (issue 37). */
    @Test
    void aNulInTheAddressIsABadRequest() throws Exception {
        UUID tenant = newTenant();
        store(tenant);
        erase(tenant, "{\"email\":\"alice\\u0000@example.com\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("email")));
        assertThat(stored(tenant)).isEqualTo(3);
    }

    /** Issue 37 and 38: every table here with a column that names a number or an address is one erasure step's. */
    @Test
    void everyTableThatHoldsANumberOrAnAddressHasAnErasureStep() {
        assertThat(com.crmtelephony.testsupport.PersonalColumns.uncovered(jdbc, "(number|phone|email|caller|destination)", java.util.List.of(),
                new com.crmtelephony.support.privacy.ErasureSteps(steps).tables())).isEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.beans.factory.ObjectProvider<com.crmtelephony.support.privacy.ErasureStep> steps;
}
