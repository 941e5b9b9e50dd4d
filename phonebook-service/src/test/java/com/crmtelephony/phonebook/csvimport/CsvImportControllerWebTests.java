package com.crmtelephony.phonebook.csvimport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.phonebook.PhonebookProperties;
import com.crmtelephony.phonebook.contact.Contact;
import com.crmtelephony.phonebook.contact.ContactService;
import com.crmtelephony.phonebook.contact.ContactValidator;
import com.crmtelephony.phonebook.contact.UpsertSummary;
import com.crmtelephony.support.jobs.Job;
import com.crmtelephony.support.jobs.Jobs;
import com.crmtelephony.support.shares.ShareExceededException;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The CSV import's web layer alone (a web slice: the controller, the real importer and validator,
 * the error advice; the contacts and the jobs mocked; the services' token check in front): a file
 * the importer cannot read is a 400 with nothing stored, a bad row is reported by its line, and
 * the asynchronous form gives its slot back whenever it answers with an error.
 */
@WebMvcTest(value = CsvImportController.class, properties = "crm.embedded-postgres.enabled=false")
@Import({CsvImporter.class, ContactValidator.class})
@EnableConfigurationProperties(PhonebookProperties.class)
class CsvImportControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    @MockitoBean
    ContactService contacts;
    @MockitoBean
    Jobs jobs;
    @TempDir
    Path spool;

    @Test
    void goodRowsAreStoredAndABadRowIsReportedByItsLineAndColumn() throws Exception {
        given(contacts.upsert(eq(TENANT), anyList())).willReturn(new UpsertSummary(1, 1, 0, 0));
        mvc.perform(post("/phone_book/records/import").with(tenant(TENANT)).contentType(CSV)
                        .content("name,email,number\nAlice,alice@example.com,99 123456\nBob,,12\nE\u0000ve,,99000001\n"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(3))
                .andExpect(jsonPath("$.imported").value(1))
                .andExpect(jsonPath("$.rejected").value(2))
                .andExpect(jsonPath("$.errors[0].line").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("number"))
                .andExpect(jsonPath("$.errors[1].line").value(4))
                .andExpect(jsonPath("$.errors[1].field").value("name"));
        verify(contacts).upsert(TENANT, List.of(new Contact("+35799123456", "99 123456", "Alice", "alice@example.com")));
    }

    @Test
    void aFileWithoutTheHeaderBrokenQuotingOrNotUtf8IsABadRequestNothingStored() throws Exception {
        byte[] latin1 = "name,email,number\nJos\u00e9,,99123456\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (byte[] bad : List.of("Alice,alice@example.com,99123456\n".getBytes(), "name,email,number\n\"Alice,,99123456\n".getBytes(),
                latin1)) {
            mvc.perform(post("/phone_book/records/import").with(tenant(TENANT)).contentType(CSV).content(bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verify(contacts, never()).upsert(any(), anyList());
    }

    @Test
    void asynchronouslyTheFileIsCheckedThenAJobAnswersWithItsPlace() throws Exception {
        Jobs.Slot slot = mock(Jobs.Slot.class);
        given(slot.file()).willReturn(Files.createFile(spool.resolve("import.csv")));
        given(jobs.reserve(TENANT)).willReturn(slot);
        UUID id = UUID.randomUUID();
        given(jobs.start(eq(slot), eq(CsvImportController.JOB_KIND), any())).willReturn(new Job(id, CsvImportController.JOB_KIND,
                Job.State.QUEUED, 0, null, 0, List.of(), null, null, Instant.now(), Instant.now(), null));
        mvc.perform(post("/phone_book/records/import").with(tenant(TENANT)).header("Prefer", "respond-async").contentType(CSV)
                        .content("name,email,number\nAlice,,99 123456\n"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "../jobs/" + id))
                .andExpect(header().string("Preference-Applied", "respond-async"));
        // Started after the file was checked; stored with the job, the slot's file is not needed any more.
        org.mockito.InOrder order = org.mockito.Mockito.inOrder(jobs, slot);
        order.verify(jobs).start(eq(slot), eq(CsvImportController.JOB_KIND), any());
        order.verify(slot).close();
    }

    @Test
    void asynchronouslyABadHeaderGivesTheSlotBackAndStartsNoJob() throws Exception {
        Jobs.Slot slot = mock(Jobs.Slot.class);
        given(slot.file()).willReturn(Files.createFile(spool.resolve("import.csv")));
        given(jobs.reserve(TENANT)).willReturn(slot);
        mvc.perform(post("/phone_book/records/import").with(tenant(TENANT)).header("Prefer", "respond-async").contentType(CSV)
                        .content("number,name\n99123456,Alice\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("CSV")));
        verify(slot).close();
        verify(jobs, never()).start(any(Jobs.Slot.class), anyString(), any());
    }

    @Test
    void aTenantPastItsShareOfJobsIsTooManyRequestsWithNothingWritten() throws Exception {
        given(jobs.reserve(TENANT)).willThrow(new ShareExceededException("tenant", 2, "jobs", 20));
        mvc.perform(post("/phone_book/records/import").with(tenant(TENANT)).header("Prefer", "respond-async").contentType(CSV)
                        .content("name,email,number\nAlice,,99 123456\n"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "20"));
        verifyNoInteractions(contacts);
    }

    @Test
    void withoutATokenNothingIsImported() throws Exception {
        mvc.perform(post("/phone_book/records/import").contentType(CSV).content("name,email,number\nAlice,,99 123456\n"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(contacts, jobs);
    }
}
