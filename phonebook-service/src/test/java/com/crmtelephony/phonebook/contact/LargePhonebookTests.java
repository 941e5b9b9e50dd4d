package com.crmtelephony.phonebook.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.crmtelephony.phonebook.PhonebookServiceTest;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * 100,000 contacts in one tenant: pages and searches must be answered from indexes, not by
 * reading the whole tenant (checked on PostgreSQL's plan, not with a stopwatch).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargePhonebookTests extends PhonebookServiceTest {

    static final int CONTACTS = 100_000;
    final UUID tenant = newTenant();

    @Autowired
    ContactService contacts;

    @BeforeAll
    void load() {
        List<Contact> batch = new ArrayList<>(CONTACTS);
        for (int i = 0; i < CONTACTS; i++) {
            String number = "+3579" + String.format("%07d", 5_000_000 + i);
            batch.add(new Contact(number, number, "Person " + String.format("%06d", i), null));
        }
        contacts.upsert(tenant, batch);
        // What autovacuum does within a minute of a bulk load. A plain ANALYZE leaves the
        // trigram indexes' pending list (GIN fastupdate) unmerged, and while it is long the
        // planner rightly prefers reading the table: with "analyze" alone the plan depended on
        // whether autovacuum had come by (CI once saw a Seq Scan).
        jdbc.execute("vacuum analyze contact");
    }

    @Test
    void aPageIsServedByTheNameIndex() throws Exception {
        mvc.perform(get("/phone_book/records").with(tenant(tenant))
                        .param("page", "500").param("size", "100"))
                .andExpect(jsonPath("$", hasSize(100)))
                .andExpect(jsonPath("$[0].name").value("Person 050000"))
                .andExpect(header().string("X-Total-Count", Integer.toString(CONTACTS)));
        assertThat(plan("select number from contact where tenant_id = '" + tenant + "' order by name, number limit 100 offset 50000"))
                .contains("contact_tenant_name").doesNotContain("Sort");
    }

    @Test
    void aSearchIsServedByTheTrigramIndexes() throws Exception {
        mvc.perform(get("/phone_book/records").with(tenant(tenant)).param("q", "person 09999"))
                .andExpect(jsonPath("$", hasSize(10)));
        mvc.perform(get("/phone_book/records").with(tenant(tenant)).param("q", "95099999"))
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].name").value("Person 099999"));
        // The queries the two searches above run. (A term that every name contains, like
        // "person", rightly reads the table: an index would not narrow it down.)
        assertThat(plan("select number from contact where tenant_id = '" + tenant + "'"
                + " and (lower(name) like '%95099999%' or number like '%95099999%')"))
                .contains("contact_name_trgm", "contact_number_trgm").doesNotContain("Seq Scan");
        assertThat(plan("select number from contact where tenant_id = '" + tenant + "' and lower(name) like '%erson 0999%'"))
                .contains("contact_name_trgm").doesNotContain("Seq Scan");
    }

    @Test
    void theWholeBookStillComesBackWithoutPaging() throws Exception {
        mvc.perform(get("/phone_book/records").with(tenant(tenant)))
                .andExpect(jsonPath("$.length()").value(CONTACTS));
    }

    private String plan(String sql) {
        return String.join("\n", jdbc.queryForList("explain " + sql, String.class));
    }
}
