package com.crmtelephony.phonebook.csvimport;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import com.crmtelephony.phonebook.PhonebookServiceTest;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class CsvImportTests extends PhonebookServiceTest {

    /** A directory as the PBX exports it: distinct valid Cypriot mobile numbers, some quoted fields. */
    static String directory(int rows) {
        StringBuilder csv = new StringBuilder("name,email,number\n");
        for (int i = 0; i < rows; i++) {
            String name = i % 10 == 0 ? "\"Smith, Agent " + i + "\"" : "Agent " + i;
            String email = i % 3 == 0 ? "" : "agent" + i + "@example.com";
            csv.append(name).append(',').append(email).append(",3579").append(String.format("%07d", 6_000_000 + i)).append('\n');
        }
        return csv.toString();
    }

    /** The i-th number of a directory in ranges libphonenumber deems unassigned (357 03…, 357 04…). */
    static String unassigned(int i) {
        return "3570" + (3 + i % 2) + String.format("%06d", 100_000 + i);
    }

    /** The same number as a PBX or a person may write it: bare, international, with 00, national, spaced. */
    static String written(String number, int form) {
        String national = number.substring(3);
        return switch (form % 5) {
            case 0 -> number;
            case 1 -> "+357 " + national.substring(0, 2) + " " + national.substring(2);
            case 2 -> "00" + number;
            case 3 -> national;
            default -> "+357 (" + national.substring(0, 4) + ") " + national.substring(4, 6) + "-" + national.substring(6);
        };
    }

    /**
     * The original PBX's directory: nearly all of its numbers lie in unassigned ranges, written
     * in several forms. All import; a lookup in any other form finds each.
     */
    @Test
    void aDirectoryOfUnassignedRangesInSeveralFormsImportsWholeAndMatchesInAnyForm() throws Exception {
        UUID tenant = newTenant();
        StringBuilder csv = new StringBuilder("name,email,number\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("Agent ").append(i).append(",,").append(written(unassigned(i), i)).append('\n');
        }
        importCsv(tenant, csv.toString()).andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(10_000))
                .andExpect(jsonPath("$.rejected").value(0));
        StringBuilder asked = new StringBuilder("[");
        for (int i = 0; i < 10_000; i += 250) {
            asked.append('"').append(written(unassigned(i), i + 1)).append("\",");
        }
        asked.append("\"2000\",\"35703999999\"]");
        mvc.perform(post("/phone_book/records/lookup").with(tenant(tenant))
                        .contentType(MediaType.APPLICATION_JSON).content(asked.toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(40)))
                .andExpect(jsonPath("$[0].name").value("Agent 0"))
                .andExpect(jsonPath("$[39].name").value("Agent 9750"));
        getRecord(tenant, "35703454202").andExpect(status().isNotFound());
        getRecord(tenant, written(unassigned(4242), 3)).andExpect(jsonPath("$.name").value("Agent 4242"));
    }

    @Test
    void aTenThousandRowDirectoryImportsAndASecondImportChangesNothing() throws Exception {
        UUID tenant = newTenant();
        String csv = directory(10_000);
        importCsv(tenant, csv).andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(10_000))
                .andExpect(jsonPath("$.imported").value(10_000))
                .andExpect(jsonPath("$.rejected").value(0))
                .andExpect(jsonPath("$.errors", hasSize(0)));
        assertThat(stored(tenant)).isEqualTo(10_000);
        getRecord(tenant, "+357 96 009 990").andExpect(jsonPath("$.name").value("Smith, Agent 9990"))
                .andExpect(jsonPath("$.emailId").doesNotExist());
        getRecord(tenant, "96000001").andExpect(jsonPath("$.emailId").value("agent1@example.com"));

        importCsv(tenant, csv).andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(0)).andExpect(jsonPath("$.updated").value(0))
                .andExpect(jsonPath("$.unchanged").value(10_000));
        assertThat(stored(tenant)).isEqualTo(10_000);
    }

    @Test
    void goodRowsAreStoredAndEachBadRowIsReportedWithItsLine() throws Exception {
        UUID tenant = newTenant();
        importCsv(tenant, """
                name,email,number
                Alice,alice@example.com,35799123456
                ,nobody@example.com,35799000001
                Bob,bob-at-example,35799654321
                Carol,,12
                Dan,,+357 99 123 456
                Too,many,fields,here
                Eve,eve@example.com,0035799777888
                """)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(7))
                .andExpect(jsonPath("$.imported").value(2))
                .andExpect(jsonPath("$.rejected").value(5))
                .andExpect(jsonPath("$.errors", hasSize(5)))
                .andExpect(jsonPath("$.errors[0].line").value(3)).andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[1].line").value(4)).andExpect(jsonPath("$.errors[1].field").value("email"))
                .andExpect(jsonPath("$.errors[2].line").value(5)).andExpect(jsonPath("$.errors[2].field").value("number"))
                .andExpect(jsonPath("$.errors[3].line").value(6))
                .andExpect(jsonPath("$.errors[3].reason").value("is the same number as line 2"))
                .andExpect(jsonPath("$.errors[4].line").value(7))
                .andExpect(jsonPath("$.errors[4].reason", containsString("4 fields")));
        assertThat(stored(tenant)).isEqualTo(2);
        getRecord(tenant, "35799123456").andExpect(jsonPath("$.name").value("Alice"));
    }

    @Test
    void theHeaderMayComeInAnyOrderAndCase() throws Exception {
        UUID tenant = newTenant();
        importCsv(tenant, "Number,NAME,Email\r\n35799123456,Alice,alice@example.com\r\n")
                .andExpect(status().isOk()).andExpect(jsonPath("$.imported").value(1));
        getRecord(tenant, "35799123456").andExpect(jsonPath("$.emailId").value("alice@example.com"));
    }

    @Test
    void aFileWithoutTheHeaderOrWithBrokenQuotingIs400AndStoresNothing() throws Exception {
        UUID tenant = newTenant();
        importCsv(tenant, "Alice,alice@example.com,35799123456\n").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("header name,email,number")));
        importCsv(tenant, "name,email,number\nAlice,,35799123456\n\"Bob,,35799654321\n").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("Malformed CSV")));
        importCsv(tenant, "").andExpect(status().isBadRequest());
        assertThat(stored(tenant)).isZero();
    }

    @Test
    void aFileOverTheRowLimitIs400AndStoresNothing() throws Exception {
        UUID tenant = newTenant();
        importCsv(tenant, directory(20_001)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("more than 20000 rows")));
        assertThat(stored(tenant)).isZero();
    }

    @Test
    void anotherContentTypeIs415() throws Exception {
        mvc.perform(post("/phone_book/records/import").with(tenant(newTenant()))
                        .contentType(MediaType.APPLICATION_PDF).content("%PDF"))
                .andExpect(status().isUnsupportedMediaType());
    }
}
