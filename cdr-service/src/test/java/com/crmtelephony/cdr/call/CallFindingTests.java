package com.crmtelephony.cdr.call;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.PhonebookStub;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Finding calls: filters on GET /cdr/get, keyset pages, and the streamed CSV export. */
class CallFindingTests extends CdrServiceTest {

    /** A call with every part the filters look at. */
    private static String call(String uuid, String direction, String caller, String destination, String start,
                               boolean answered, String recording, String action) {
        return """
                {"uuid":"%s","caller_number":"%s","destination_number":"%s","direction":"%s","call_start":"%s",
                 "answer_start":%s,"recording":%s,"action":"%s"}""".formatted(uuid, caller, destination, direction, start,
                answered ? "\"" + start + "\"" : "null", recording == null ? "null" : "\"" + recording + "\"", action);
    }

    private UUID tenantWithAMix() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + String.join(",",
                call("in-ans", "inbound", "35799000001", "201", "2024-05-01T10:00:00Z", true, "r1", "HANGUP"),
                call("in-miss", "inbound", "35799000002", "202", "2024-05-01T11:00:00Z", false, null, "HANGUP"),
                call("out-ans", "outbound", "201", "35799000001", "2024-05-01T12:00:00Z", true, "r3", "HANGUP"),
                call("out-ring", "outbound", "202", "35799000003", "2024-05-01T13:00:00Z", false, null, "RING")) + "]")
                .andExpect(status().isOk());
        return tenant;
    }

    private List<String> uuids(MockHttpServletRequestBuilder request) throws Exception {
        return JsonPath.read(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(), "$[*].uuid");
    }

    @Test
    void eachFilterTakesItsCallsAloneAndTogether() throws Exception {
        UUID tenant = tenantWithAMix();
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("direction", "inbound"))).containsExactly("in-miss", "in-ans");
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("direction", "OUTBOUND"))).containsExactly("out-ring", "out-ans");
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("answered", "true"))).containsExactly("out-ans", "in-ans");
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("answered", "false"))).containsExactly("out-ring", "in-miss");
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("recording", "true"))).containsExactly("out-ans", "in-ans");
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("recording", "false"))).containsExactly("out-ring", "in-miss");
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("action", "ring"))).containsExactly("out-ring");
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("direction", "inbound").param("answered", "false")
                .param("from", "2024-05-01T10:30:00Z"))).containsExactly("in-miss");

        // A filtered page counts what the filter takes.
        mvc.perform(get("/cdr/get").with(tenant(tenant)).param("answered", "true").param("page", "0").param("size", "1"))
                .andExpect(status().isOk()).andExpect(header().string("X-Total-Count", "2"))
                .andExpect(jsonPath("$[0].uuid").value("out-ans"));
    }

    @Test
    void aNumberInAnyFormFindsTheCallsWithThatPartyOnEitherSide() throws Exception {
        // This phone book is Cyprus's: every written form of 99 123456 has one key.
        phonebook.keyNumbersWith(n -> {
            String d = n.replaceFirst("^\\+", "").replaceFirst("^00", "");
            return "+" + (d.startsWith("9") ? "357" + d : d);
        });
        UUID tenant = newTenant();
        postCalls(tenant, "[" + String.join(",",
                call("plain", "inbound", "35799123456", "201", "2024-05-02T10:00:00Z", true, null, "HANGUP"),
                call("plus", "inbound", "+35799123456", "202", "2024-05-02T11:00:00Z", false, null, "HANGUP"),
                call("idd", "outbound", "201", "0035799123456", "2024-05-02T12:00:00Z", true, null, "HANGUP"),
                call("national", "inbound", "99123456", "201", "2024-05-02T13:00:00Z", true, null, "HANGUP"),
                call("other", "inbound", "35799654321", "201", "2024-05-02T14:00:00Z", true, null, "HANGUP")) + "]")
                .andExpect(status().isOk());
        UUID neighbour = newTenant();
        postCalls(neighbour, "[" + call("theirs", "inbound", "35799123456", "201", "2024-05-02T10:00:00Z", true, null, "HANGUP")
                + "]").andExpect(status().isOk());

        for (String written : List.of("+357 99 123456", "0035799123456", "35799123456", "99-123-456", "(99) 123456")) {
            assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("number", written)))
                    .as(written).containsExactly("national", "idd", "plus", "plain");
        }
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("number", "99123456").param("answered", "false")))
                .containsExactly("plus");
        // The internal party matches on its digits.
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("number", "202"))).containsExactly("plus");
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("number", "35799000000"))).isEmpty();
        assertThat(uuids(get("/cdr/get").with(tenant(neighbour)).param("number", "99123456"))).containsExactly("theirs");
        // A tenant without a call yet has none to find, and its list is still a list.
        assertThat(uuids(get("/cdr/get").with(tenant(newTenant())).param("number", "99123456"))).isEmpty();
    }

    @Test
    void aNumberFilterWithThePhoneBookDownIs503AndOtherFiltersStillAnswer() throws Exception {
        UUID tenant = tenantWithAMix();
        phonebook.mode().set(PhonebookStub.Mode.ERROR);
        mvc.perform(get("/cdr/get").with(tenant(tenant)).param("number", "35799000001"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("phonebook-service")))
                .andExpect(header().exists("Retry-After"));
        mvc.perform(get("/cdr/export").with(tenant(tenant)).param("number", "35799000001"))
                .andExpect(status().isServiceUnavailable());
        assertThat(uuids(get("/cdr/get").with(tenant(tenant)).param("answered", "true"))).containsExactly("out-ans", "in-ans");
    }

    @Test
    void keysetPagesWalkTheWholeListOnceInOrderEvenWhenCallsArriveMeanwhile() throws Exception {
        UUID tenant = newTenant();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 23; i++) {
            // Ties on the start (three calls a minute) and calls without a start: the id orders them.
            String start = i < 20 ? "\"2024-06-01T10:%02d:00Z\"".formatted(i / 3) : "null";
            batch.append(i == 0 ? "" : ",").append("""
                    {"uuid":"k%02d","caller_number":"100","direction":"inbound","call_start":%s,"action":"RING"}"""
                    .formatted(i, start));
        }
        postCalls(tenant, batch.append("]").toString()).andExpect(status().isOk());
        List<String> whole = uuids(get("/cdr/get").with(tenant(tenant)));
        assertThat(whole).hasSize(23);

        List<String> walked = new ArrayList<>();
        MockHttpServletResponse page = mvc.perform(get("/cdr/get").with(tenant(tenant)).param("size", "5"))
                .andExpect(status().isOk()).andExpect(header().string("X-Total-Count", "23")).andReturn().getResponse();
        walked.addAll(JsonPath.read(page.getContentAsString(), "$[*].uuid"));
        int pages = 1;
        while (page.getHeader("X-Next-Cursor") != null) {
            if (pages == 2) {
                // Newer than everything: it would shift an offset page, not a keyset one.
                postCalls(tenant, "[" + call("late", "RING", "2024-06-02T00:00:00Z") + "]").andExpect(status().isOk());
            }
            page = mvc.perform(get("/cdr/get").with(tenant(tenant)).param("size", "5")
                            .param("cursor", page.getHeader("X-Next-Cursor")))
                    .andExpect(status().isOk()).andExpect(header().doesNotExist("X-Total-Count")).andReturn().getResponse();
            walked.addAll(JsonPath.read(page.getContentAsString(), "$[*].uuid"));
            pages++;
        }
        assertThat(walked).containsExactlyElementsOf(whole);
        assertThat(pages).isEqualTo(5);
    }

    @Test
    void aCursorNeverShowsAnotherTenantsCalls() throws Exception {
        UUID mine = tenantWithAMix();
        UUID other = tenantWithAMix();
        String cursor = mvc.perform(get("/cdr/get").with(tenant(mine)).param("size", "1"))
                .andReturn().getResponse().getHeader("X-Next-Cursor");
        MockHttpServletResponse theirs = mvc.perform(get("/cdr/get").with(tenant(other)).param("size", "10").param("cursor", cursor))
                .andExpect(status().isOk()).andReturn().getResponse();
        List<String> ids = JsonPath.read(theirs.getContentAsString(), "$[*].uuid");
        assertThat(ids).containsExactly("out-ans", "in-miss", "in-ans");
        // What was listed is the other tenant's own: stored under its id, not under mine.
        assertThat(jdbc.queryForObject("select count(*) from call_record where tenant_id = ? and uuid = any(?)",
                Long.class, other, ids.toArray(String[]::new))).isEqualTo(3);
    }

    @Test
    void exportStreamsTheFilteredCallsAsCsvWithEveryFieldSafeForASpreadsheet() throws Exception {
        UUID tenant = tenantWithAMix();
        postCalls(tenant, """
                [{"uuid":"odd","caller_name":"=HYPERLINK(\\"x\\"), \\"Bob\\"","caller_number":"+35799000009",
                  "destination_number":201,"direction":"inbound","call_start":"2024-05-01T09:00:00.5Z","duration":61,
                  "click_to_call_data":"line1\\nline2","action":"HANGUP"}]""").andExpect(status().isOk());

        MockHttpServletResponse csv = mvc.perform(get("/cdr/export").with(tenant(tenant)).param("direction", "inbound"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/csv;charset=UTF-8"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"calls.csv\""))
                .andExpect(header().doesNotExist("ETag"))
                .andReturn().getResponse();
        String[] lines = csv.getContentAsString().split("\r\n", -1);
        assertThat(lines[0]).isEqualTo("uuid,domainName,callerName,callerNumber,destinationNumber,direction,callStart,"
                + "ringStart,answerStart,callEnd,duration,recording,clickToCall,clickToCallData,action");
        assertThat(lines[1]).startsWith("in-miss,,,35799000002,202,inbound,2024-05-01T11:00:00.000Z,,,");
        assertThat(lines[2]).isEqualTo("in-ans,,,35799000001,201,inbound,2024-05-01T10:00:00.000Z,,2024-05-01T10:00:00.000Z,,,r1,,,HANGUP");
        // The line break inside a quoted field is the field's, not a row's end.
        assertThat(lines[3]).isEqualTo(
                "odd,,\"'=HYPERLINK(\"\"x\"\"), \"\"Bob\"\"\",+35799000009,201,inbound,2024-05-01T09:00:00.500Z,,,,61,,,"
                        + "\"line1\nline2\",HANGUP");
        assertThat(lines).hasSize(5);
        assertThat(lines[4]).isEmpty();

        // Nothing matches: the header alone. Another tenant's calls: never.
        assertThat(mvc.perform(get("/cdr/export").with(tenant(tenant)).param("action", "ORIGINATE"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).isEqualTo(lines[0] + "\r\n");
        assertThat(mvc.perform(get("/cdr/export").with(tenant(newTenant())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).isEqualTo(lines[0] + "\r\n");
    }

    @Test
    void badFiltersAndCursorsAre400ProblemsNamingWhatIsWrong() throws Exception {
        UUID tenant = tenantWithAMix();
        Map<String, String[]> bad = Map.of(
                "direction", new String[]{"direction=sideways", "direction must be inbound or outbound"},
                "action", new String[]{"action=DIALLING", "action must be one of"},
                "answered", new String[]{"answered=maybe", "answered"},
                "number", new String[]{"number=call-me", "number must be a phone number"},
                "cursor", new String[]{"cursor=bm90LWEtY3Vyc29y", "cursor is not one this service gave"},
                "garbage cursor", new String[]{"cursor=%25%00", "cursor"},
                "page and cursor", new String[]{"page=1&size=2&cursor=abc", "page and cursor exclude each other"},
                "range", new String[]{"from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "'to' must not be before 'from'"});
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String[]> e : bad.entrySet()) {
            for (String path : List.of("/cdr/get?", "/cdr/export?")) {
                if (path.startsWith("/cdr/export") && e.getKey().contains("cursor")) {
                    continue; // the export has no pages
                }
                mvc.perform(get(path + e.getValue()[0]).with(tenant(tenant)))
                        .andExpect(status().isBadRequest())
                        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                        .andExpect(jsonPath("$.detail", containsString(e.getValue()[1])));
                seen.add(e.getKey());
            }
        }
        assertThat(seen).hasSize(bad.size());
        // A bad number never reaches the phone book (the calls' own numbers may be named meanwhile).
        assertThat(phonebook.askedAbout(tenant)).noneMatch(n -> n.contains("call"));
        assertThat(storedCalls(tenant)).isEqualTo(4);
    }
}
