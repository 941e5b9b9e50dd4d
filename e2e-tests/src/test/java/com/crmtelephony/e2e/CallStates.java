package com.crmtelephony.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.MOCK_PBX;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;

/**
 * A tenant's calls as the PBX has them and as cdr-service stored them, by uuid, in the terms both
 * sides can compare: action, start and end, caller.
 */
final class CallStates {

    private CallStates() {
    }

    static Map<String, Map<String, String>> atThePbx(String tenant) throws Exception {
        Map<String, Map<String, String>> calls = new HashMap<>();
        body(get(MOCK_PBX + "/cdrs?since=0&limit=5000", Map.of("Tenant-UUID", tenant))).get("data").forEach(c ->
                calls.put(c.get("uuid").asString(), state(c, "action", "call_start", "call_end", "caller_number")));
        return calls;
    }

    /** A list per uuid: a call stored twice shows as two. */
    static Map<String, List<Map<String, String>>> stored(String tenant) throws Exception {
        Map<String, List<Map<String, String>>> calls = new HashMap<>();
        body(get(GATEWAY + "/cdr-service/cdr/get", Suite.tenantKey(tenant))).forEach(c ->
                calls.computeIfAbsent(c.get("uuid").asString(), k -> new ArrayList<>())
                        .add(state(c, "action", "callStart", "callEnd", "callerNumber")));
        return calls;
    }

    private static Map<String, String> state(JsonNode call, String action, String start, String end, String caller) {
        Map<String, String> state = new HashMap<>();
        state.put("action", call.path(action).asString());
        state.put("start", call.path(start).asString());
        state.put("end", call.path(end).asString());
        state.put("caller", Long.toString(call.path(caller).asLong()));
        return state;
    }
}
