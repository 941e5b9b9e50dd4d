package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A tenant's call report. The first five keys are the original system's (compat); the rest
 * are additions. Minutes are total seconds / 60, rounded (not truncated per call).
 */
@Schema(name = "Report")
@JsonPropertyOrder({"total_number_of_calls", "total_successful_call_in_minutes", "total_incomplete_call_in_minutes",
        "total_unmatched_call_in_minutes", "latest_sync_date", "inbound_calls", "outbound_calls", "answered_calls",
        "missed_calls", "answer_rate", "total_talk_seconds", "average_talk_seconds", "average_ring_seconds",
        "max_ring_seconds", "calls_per_day", "busiest_hour_utc", "top_numbers", "unmatched_calls",
        "unmatched_available", "tz", "busiest_hour", "calls_by_hour", "calls_by_weekday", "calls_by_weekday_hour",
        "call_centre", "per_extension", "tenant_uuid"})
public record Report(
        @JsonProperty("total_number_of_calls") long totalNumberOfCalls,
        @Schema(description = "answered calls (answerStart set): their seconds / 60, rounded")
        @JsonProperty("total_successful_call_in_minutes") long totalSuccessfulCallInMinutes,
        @Schema(description = "calls never answered: their seconds / 60, rounded")
        @JsonProperty("total_incomplete_call_in_minutes") long totalIncompleteCallInMinutes,
        @Schema(description = "calls whose other party is in no contact of the tenant; null when the phone book could not be asked",
                nullable = true)
        @JsonProperty("total_unmatched_call_in_minutes") Long totalUnmatchedCallInMinutes,
        @Schema(description = "last completed sync from the PBX; null before the first", nullable = true)
        @JsonFormat(pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", timezone = "UTC")
        @JsonProperty("latest_sync_date") Instant latestSyncDate,
        @JsonProperty("inbound_calls") long inboundCalls,
        @JsonProperty("outbound_calls") long outboundCalls,
        @JsonProperty("answered_calls") long answeredCalls,
        @JsonProperty("missed_calls") long missedCalls,
        @Schema(description = "answered / total, 0 to 1 (4 decimals); 0 without calls")
        @JsonProperty("answer_rate") double answerRate,
        @Schema(description = "sum of callEnd - answerStart over answered calls that ended")
        @JsonProperty("total_talk_seconds") long totalTalkSeconds,
        @Schema(nullable = true) @JsonProperty("average_talk_seconds") Double averageTalkSeconds,
        @Schema(description = "ring = answerStart (or callEnd) - ringStart", nullable = true)
        @JsonProperty("average_ring_seconds") Double averageRingSeconds,
        @Schema(nullable = true) @JsonProperty("max_ring_seconds") Long maxRingSeconds,
        @Schema(description = "calls per day of the zone tz")
        @JsonProperty("calls_per_day") List<DayCount> callsPerDay,
        @Schema(description = "hour of day (UTC, 0-23) with most calls; null without calls", nullable = true)
        @JsonProperty("busiest_hour_utc") Integer busiestHourUtc,
        @Schema(description = "the other parties with most calls (caller of inbound, destination of outbound)")
        @JsonProperty("top_numbers") List<NumberCount> topNumbers,
        @Schema(nullable = true) @JsonProperty("unmatched_calls") Long unmatchedCalls,
        @Schema(description = "false when phonebook-service could not be asked: unmatched figures are then null")
        @JsonProperty("unmatched_available") boolean unmatchedAvailable,
        @Schema(description = "the IANA zone of every per-day and per-hour figure (request parameter, default UTC)",
                example = "Europe/Nicosia")
        @JsonProperty("tz") String tz,
        @Schema(description = "hour of day (in tz, 0-23) with most calls; null without calls", nullable = true)
        @JsonProperty("busiest_hour") Integer busiestHour,
        @Schema(description = "calls per hour of day in tz, 24 counts from 00")
        @JsonProperty("calls_by_hour") long[] callsByHour,
        @Schema(description = "calls per day of week in tz, 7 counts from Monday")
        @JsonProperty("calls_by_weekday") long[] callsByWeekday,
        @Schema(description = "calls per day of week (Monday first) and hour of day in tz: 7 rows of 24")
        @JsonProperty("calls_by_weekday_hour") long[][] callsByWeekdayHour,
        @JsonProperty("call_centre") CallCentre callCentre,
        @Schema(description = "per extension (the internal party: destination of inbound, caller of outbound), most calls first")
        @JsonProperty("per_extension") List<CallCentre.Extension> perExtension,
        @JsonProperty("tenant_uuid") UUID tenantUuid) {

    public record DayCount(LocalDate date, long calls) {
    }

    /** {@code name} is the phone book's, or null when the number is no contact (or the phone book was down). */
    public record NumberCount(String number, String name, long calls) {
    }
}
