package com.crmtelephony.phonebook.csvimport;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.phonebook.PhonebookServiceTest;
import com.crmtelephony.support.jobs.Jobs;
import com.crmtelephony.testsupport.TestJobs;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** {@code Prefer: respond-async} on the import: 202 and a job that ends as the synchronous form would answer. */
class CsvImportJobTests extends PhonebookServiceTest {

    @Autowired
    Jobs jobs;

    private ResultActions importAsync(UUID tenant, String csv, String prefer) throws Exception {
        return mvc.perform(post("/phone_book/records/import").with(tenant(tenant)).header("Prefer", prefer)
                .contentType("text/csv").content(csv));
    }

    /** Relative to the import's own URI, so that it is right behind the gateway's prefix too. */
    private static String jobOf(ResultActions accepted) throws Exception {
        return TestJobs.accepted(accepted, "phonebook-import", "../jobs/");
    }

    private String ended(UUID tenant, String id) throws Exception {
        return TestJobs.ended(mvc, "/phone_book/jobs/", id, tenant(tenant));
    }

    /**
     * Issue 37: a tenant past its share of job slots is 429 naming the share, before its file is
     * written anywhere; nothing is stored, and another tenant's import is taken meanwhile.
     */
    @Test
    void aTenantPastItsShareOfJobSlotsIs429BeforeItsFileIsWritten(@org.springframework.beans.factory.annotation.Value(
            "${crm.jobs.spool-dir}") java.nio.file.Path spool) throws Exception {
        long filesBefore = spoolFiles(spool);
        importAsync(NO_JOB_SLOTS_TENANT, CsvImportTests.directory(2_000), "respond-async")
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.share").value("jobs"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().exists("Retry-After"));
        assertThat(spoolFiles(spool)).isEqualTo(filesBefore);
        assertThat(stored(NO_JOB_SLOTS_TENANT)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from job where tenant_id = ?", Long.class, NO_JOB_SLOTS_TENANT)).isZero();

        UUID other = newTenant();
        assertThat((String) JsonPath.read(ended(other, jobOf(importAsync(other, CsvImportTests.directory(10), "respond-async"))),
                "$.state")).isEqualTo("succeeded");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(spoolFiles(spool)).as("the job's file goes with it").isEqualTo(filesBefore));
    }

    private static long spoolFiles(java.nio.file.Path spool) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(spool)) {
            return files.count();
        }
    }

    @Test
    void anAsyncImportEndsWithTheSynchronousAnswerItsRowsCountedAndItsErrorsListed() throws Exception {
        UUID tenant = newTenant();
        String csv = CsvImportTests.directory(2_500) + "Bad Row,,12\nNo Number,,\n";
        String job = ended(tenant, jobOf(importAsync(tenant, csv, "wait=5, respond-async")));

        assertThat((String) JsonPath.read(job, "$.state")).isEqualTo("succeeded");
        assertThat((Integer) JsonPath.read(job, "$.total")).isEqualTo(2_502);
        assertThat((Integer) JsonPath.read(job, "$.done")).isEqualTo(2_502);
        assertThat((Integer) JsonPath.read(job, "$.errorCount")).isEqualTo(2);
        assertThat((Integer) JsonPath.read(job, "$.errors[0].line")).isEqualTo(2_502);
        assertThat((Integer) JsonPath.read(job, "$.result.imported")).isEqualTo(2_500);
        assertThat((Integer) JsonPath.read(job, "$.result.rejected")).isEqualTo(2);
        assertThat(stored(tenant)).isEqualTo(2_500);

        // The same file synchronously now: what the job stored is what the synchronous import stores.
        importCsv(tenant, csv).andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(0)).andExpect(jsonPath("$.unchanged").value(2_500));
    }

    @Test
    void progressIsVisibleWhileTheJobRuns() throws Exception {
        UUID tenant = newTenant();
        String id = jobOf(importAsync(tenant, CsvImportTests.directory(10_000), "respond-async"));
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        String job;
        do {
            job = mvc.perform(get("/phone_book/jobs/{id}", id).with(tenant(tenant))).andReturn().getResponse().getContentAsString();
            Integer total = JsonPath.read(job, "$.total");
            int done = JsonPath.read(job, "$.done");
            assertThat(total == null ? done : total - done).as("done never passes total").isNotNegative();
            seen.add(JsonPath.read(job, "$.state") + " " + done + "/" + total);
            assertThat(Instant.now()).isBefore(until);
            Thread.sleep(20);
        } while (!job.contains("\"state\":\"succeeded\"") && !job.contains("\"state\":\"failed\""));
        assertThat(seen).last().isEqualTo("succeeded 10000/10000");
        assertThat(seen).as("states seen: %s", seen).anyMatch(s -> s.matches("running [1-9]\\d*/10000") && !s.equals("running 10000/10000"));
    }

    @Test
    void aJobIsItsTenantsOnlyAndAnAdminSeesIt() throws Exception {
        UUID tenant = newTenant();
        String id = jobOf(importAsync(tenant, "name,email,number\nAlice,,35799000001\n", "respond-async"));
        ended(tenant, id);
        mvc.perform(get("/phone_book/jobs/{id}", id).with(tenant(newTenant())))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/phone_book/jobs/{id}", UUID.randomUUID()).with(tenant(tenant))).andExpect(status().isNotFound());
        mvc.perform(get("/phone_book/jobs/{id}", "not-a-uuid").with(tenant(tenant))).andExpect(status().isBadRequest());
        mvc.perform(get("/phone_book/jobs/{id}", id).with(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("succeeded"));
    }

    @Test
    void aFileWithoutItsHeaderIsRefusedBeforeAnyJobAndAMalformedOneFailsItsJobStoringNothing() throws Exception {
        UUID tenant = newTenant();
        long jobs = jdbc.queryForObject("select count(*) from job", Long.class);
        importAsync(tenant, "Alice,,35799000001\n", "respond-async")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("header")));
        assertThat(jdbc.queryForObject("select count(*) from job", Long.class)).isEqualTo(jobs);

        String job = ended(tenant, jobOf(importAsync(tenant,
                "name,email,number\nAlice,,35799000001\n\"Broken,,35799000002\n", "respond-async")));
        assertThat((String) JsonPath.read(job, "$.state")).isEqualTo("failed");
        assertThat((String) JsonPath.read(job, "$.failure")).contains("not readable as CSV");
        assertThat(stored(tenant)).isZero();
    }

    @Test
    void withoutThePreferenceTheImportStaysSynchronous() throws Exception {
        UUID tenant = newTenant();
        importAsync(tenant, "name,email,number\nAlice,,35799000001\n", "return=minimal")
                .andExpect(status().isOk()).andExpect(jsonPath("$.imported").value(1));
    }
}
