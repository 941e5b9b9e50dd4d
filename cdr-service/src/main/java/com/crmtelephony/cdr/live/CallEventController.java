package com.crmtelephony.cdr.live;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.cdr.tenant.Tenants;
import com.crmtelephony.support.caller.Callers;

@Tag(name = "calls")
@RestController
@RequestMapping("/cdr")
class CallEventController {

    private final LiveCalls live;

    CallEventController(LiveCalls live) {
        this.live = live;
    }

    @Operation(summary = "The tenant's calls as they happen (Server-Sent Events)",
            description = "Each change of a live call's state (ringing, answered, ended, missed) is an event named call, "
                    + "its data the call and the other party's contact in the phone book, its id what Last-Event-ID "
                    + "resumes from (events are kept 24 hours; further behind than 1,000 events, or than 128 KB of them, the "
                    + "stream starts with an event named reset: reload the calls). A comment line every 15 s keeps the stream alive; it ends after "
                    + "15 minutes and the client resumes with Last-Event-ID. Calls whose latest moment is more than an hour "
                    + "old (a sync of past days) make no events. A tenant holds at most its share of streams on an instance, and "
                    + "each API key its own (crm.shares: 50 and 20 by default): past either, 429 with Retry-After naming the share.")
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestHeader(Tenants.HEADER) UUID tenant,
                      @Parameter(description = "the id of the last event received; the stream resumes after it")
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      @Parameter(description = "the same, for clients that cannot set headers")
                      @RequestParam(name = "last_event_id", required = false) String lastEventIdParam) {
        return live.open(tenant, Callers.keyName(), eventId(lastEventId != null ? lastEventId : lastEventIdParam));
    }

    static Long eventId(String written) {
        if (written == null) {
            return null;
        }
        if (!written.matches("[0-9]{1,18}")) {
            throw new InvalidInputException("Last-Event-ID must be the id of an event this stream sent (digits)");
        }
        return Long.parseLong(written);
    }
}
