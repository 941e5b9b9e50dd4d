package com.crmtelephony.mockpbx.call;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The original PBX API exactly, and the incremental /cdrs of this mock. */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class CdrApiTests {

    static final String FIRST = "11111111-1111-4111-8111-111111111111";
    static final String SECOND = "22222222-2222-4222-8222-222222222222";

    @Autowired
    MockMvc mvc;

    @Test
    void getCdrAnswersAllCallsOfTheFirstTenantAndGrowsByFivePerPull() throws Exception {
        mvc.perform(get("/get_cdr"))
                .andExpect(status().isOk())
                .andExpect(header().string("Tenant-UUID", FIRST))
                .andExpect(jsonPath("$.total").value(20))
                .andExpect(jsonPath("$.data", hasSize(20)))
                .andExpect(jsonPath("$.next").doesNotExist())
                .andExpect(jsonPath("$.data[0].uuid").isString())
                .andExpect(jsonPath("$.data[0].domain_name").value("tenant1.pbx.local"))
                .andExpect(jsonPath("$.data[0].caller_number").isNumber())
                .andExpect(jsonPath("$.data[0].destination_number").isNumber())
                .andExpect(jsonPath("$.data[0].call_start", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z")))
                .andExpect(jsonPath("$.data[0].action").value("HANGUP"))
                .andExpect(jsonPath("$.data[0].callerNumber").doesNotExist());
        mvc.perform(get("/get_cdr")).andExpect(jsonPath("$.total").value(25));
        mvc.perform(get("/get_cdr").header("Tenant-UUID", SECOND))
                .andExpect(header().string("Tenant-UUID", SECOND)).andExpect(jsonPath("$.total").value(20));
    }

    @Test
    void cdrsPagesThroughChangesWithoutGrowing() throws Exception {
        mvc.perform(get("/cdrs").param("since", "0").param("limit", "15"))
                .andExpect(jsonPath("$.total").value(20)).andExpect(jsonPath("$.data", hasSize(15)))
                .andExpect(jsonPath("$.next").value(15));
        mvc.perform(get("/cdrs").param("since", "15").param("limit", "15"))
                .andExpect(jsonPath("$.data", hasSize(5))).andExpect(jsonPath("$.next").value(20));
        mvc.perform(get("/cdrs").param("since", "20"))
                .andExpect(jsonPath("$.data", hasSize(0))).andExpect(jsonPath("$.next").value(20));
        mvc.perform(post("/calls/generate").param("count", "7")).andExpect(status().isCreated());
        mvc.perform(get("/cdrs").param("since", "20")).andExpect(jsonPath("$.data", hasSize(7)));
        // The feed's numbering is named: one epoch for this PBX's life, another after a restart.
        String epoch = com.jayway.jsonpath.JsonPath.read(mvc.perform(get("/cdrs")).andReturn().getResponse()
                .getContentAsString(), "$.epoch");
        assertThat(epoch).isNotBlank();
        mvc.perform(get("/cdrs").param("since", "20")).andExpect(jsonPath("$.epoch").value(epoch));
        mvc.perform(get("/get_cdr")).andExpect(jsonPath("$.epoch").doesNotExist());
    }

    @Test
    void badParametersAndUnknownTenantsAreProblems() throws Exception {
        mvc.perform(get("/cdrs").param("limit", "0")).andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"));
        mvc.perform(get("/get_cdr").header("Tenant-UUID", "nope")).andExpect(status().isBadRequest());
        mvc.perform(get("/get_cdr").header("Tenant-UUID", "99999999-9999-4999-8999-999999999999"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/calls/generate").param("count", "0")).andExpect(status().isBadRequest());
    }

    @Test
    void theDirectoryIsCsvOfTheNumbersCallsComeFrom() throws Exception {
        mvc.perform(get("/directory.csv"))
                .andExpect(status().isOk())
                .andExpect(header().string("Tenant-UUID", FIRST))
                .andExpect(content().string(matchesPattern("(?s)name,email,number\n([^,\n]+,[^,\n]*,357(9[679]|0[34])\\d{6}\n){40}")))
                // As the original PBX's: numbers in ranges libphonenumber deems unassigned too.
                .andExpect(content().string(containsString(",35703")));
        mvc.perform(get("/tenants")).andExpect(jsonPath("$", hasSize(3))).andExpect(jsonPath("$[0]").value(FIRST));
    }
}
