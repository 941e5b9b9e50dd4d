package com.crmtelephony.cdr.followup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.cdr.phonebook.PhonebookDirectory;
import com.crmtelephony.cdr.tenant.Tenants;

@Tag(name = "calls")
@RestController
@RequestMapping("/cdr/follow-ups")
class FollowUpController {

    /** How far back missed calls are looked for, at most: the list reads every call of its window. */
    static final int MAX_DAYS = 31;

    private final FollowUpRepository followUps;
    private final PhonebookDirectory phonebook;

    FollowUpController(FollowUpRepository followUps, PhonebookDirectory phonebook) {
        this.followUps = followUps;
        this.phonebook = phonebook;
    }

    /** @param returnWithinMinutes how long a missed call may wait for its return before its caller is listed */
    record Settings(Integer returnWithinMinutes) {
    }

    @Operation(summary = "Callers whose missed calls nobody has returned",
            description = "Inbound calls hung up unanswered, grouped by caller (a number in any written form the phone book "
                    + "keys alike is one caller), with the attempts and the time of the last. A caller is listed once its last "
                    + "missed call has waited the tenant's returnWithinMinutes (default 15) without an answered call to or from "
                    + "the number; such a call clears it, as does marking it called back. Newest first.")
    @GetMapping
    List<FollowUp> list(@RequestHeader(Tenants.HEADER) UUID tenant,
                        @Parameter(description = "how many days back to look (1-31, default 7)") @RequestParam(defaultValue = "7") int days,
                        @Parameter(description = "the most callers to list (1-1000, default 100)") @RequestParam(defaultValue = "100") int size) {
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidInputException("days must be between 1 and " + MAX_DAYS);
        }
        if (size < 1 || size > 1000) {
            throw new InvalidInputException("size must be between 1 and 1000");
        }
        return named(tenant, followUps.open(tenant, Duration.ofDays(days), size));
    }

    /** Callers no report has asked the phone book about yet are asked now, at once; the list comes without names if it cannot be asked. */
    private List<FollowUp> named(UUID tenant, List<FollowUp> open) {
        List<String> unnamed = open.stream().filter(f -> f.contact() == null).map(FollowUp::number).distinct().toList();
        Map<String, String> names = unnamed.isEmpty() ? Map.of() : phonebook.names(tenant, unnamed).orElse(Map.of());
        return open.stream().map(f -> f.contact() != null || names.get(f.number()) == null ? f
                : new FollowUp(f.key(), f.number(), names.get(f.number()), f.attempts(), f.firstAttempt(), f.lastAttempt()))
                .toList();
    }

    @Operation(summary = "Mark a caller called back", description = "Clears the entry: what was missed before now no longer lists it.")
    @PostMapping("/{key}/done")
    ResponseEntity<Void> done(@RequestHeader(Tenants.HEADER) UUID tenant, @PathVariable String key) {
        if (!key.matches("\\+?[0-9]{1,31}")) {
            throw new InvalidInputException("key must be a follow-up's key: digits, with a leading + for an E.164 number");
        }
        followUps.done(tenant, key);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The tenant's follow-up settings")
    @GetMapping("/settings")
    Settings settings(@RequestHeader(Tenants.HEADER) UUID tenant) {
        return new Settings(followUps.minutes(tenant));
    }

    @Operation(summary = "Set how long a missed call may wait for its return (0-10080 minutes)")
    @PutMapping("/settings")
    Settings setSettings(@RequestHeader(Tenants.HEADER) UUID tenant, @RequestBody Settings settings) {
        if (settings == null || settings.returnWithinMinutes() == null
                || settings.returnWithinMinutes() < 0 || settings.returnWithinMinutes() > 10080) {
            throw new InvalidInputException("returnWithinMinutes must be between 0 and 10080 (a week)");
        }
        followUps.setMinutes(tenant, settings.returnWithinMinutes());
        return settings;
    }
}
