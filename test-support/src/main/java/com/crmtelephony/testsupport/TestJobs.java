package com.crmtelephony.testsupport;

import java.time.Duration;
import java.time.Instant;

import com.jayway.jsonpath.JsonPath;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Long work answered with {@code Prefer: respond-async} (support.jobs), as a service's module tests read it. */
public final class TestJobs {

    private TestJobs() {
    }

    /** The job's id from a 202 of that kind, whose Location is {@code locationPrefix} and the id. */
    public static String accepted(ResultActions answer, String kind, String locationPrefix) throws Exception {
        String location = answer.andExpect(status().isAccepted())
                .andExpect(header().string("Preference-Applied", "respond-async"))
                .andExpect(jsonPath("$.kind").value(kind))
                .andReturn().getResponse().getHeader("Location");
        assertThat(location).startsWith(locationPrefix);
        return location.substring(locationPrefix.length());
    }

    /** Polls {@code GET jobsPath + id} until the job has ended (at most 30 s); its last answer. */
    public static String ended(MockMvc mvc, String jobsPath, String id, RequestPostProcessor caller) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            String job = mvc.perform(get(jobsPath + id).with(caller))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            String state = JsonPath.read(job, "$.state");
            if (state.equals("succeeded") || state.equals("failed")) {
                return job;
            }
            assertThat(state).isIn("queued", "running");
            assertThat(Instant.now()).as("the job ended in time").isBefore(until);
            Thread.sleep(50);
        }
    }
}
