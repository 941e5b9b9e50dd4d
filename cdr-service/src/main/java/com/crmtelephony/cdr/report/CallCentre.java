package com.crmtelephony.cdr.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Call-centre figures of a range's inbound calls. Waits run from ringStart (callStart without it)
 * to answerStart, rings of unanswered calls to callEnd; a call still ringing counts in neither.
 */
@Schema(name = "CallCentre")
@JsonPropertyOrder({"service_level_seconds", "service_level", "offered_calls", "answered_calls", "abandoned_calls",
        "short_abandon_seconds", "short_abandoned_calls", "abandon_rate", "average_speed_of_answer_seconds", "asr",
        "acd_seconds"})
public record CallCentre(
        @Schema(description = "N: the wait a service level counts as answered in time (request parameter, default 20)")
        @JsonProperty("service_level_seconds") int serviceLevelSeconds,
        @Schema(description = "inbound calls answered within N s / (answered + abandoned), 0 to 1; null without such calls",
                nullable = true)
        @JsonProperty("service_level") Double serviceLevel,
        @Schema(description = "inbound calls") @JsonProperty("offered_calls") long offeredCalls,
        @Schema(description = "inbound calls answered (with a known wait)") @JsonProperty("answered_calls") long answeredCalls,
        @Schema(description = "inbound calls that ended unanswered after ringing at least the short-abandon threshold")
        @JsonProperty("abandoned_calls") long abandonedCalls,
        @Schema(description = "the short-abandon threshold (request parameter, default 5)")
        @JsonProperty("short_abandon_seconds") int shortAbandonSeconds,
        @Schema(description = "inbound calls that ended unanswered sooner: misdials and second thoughts, in no rate")
        @JsonProperty("short_abandoned_calls") long shortAbandonedCalls,
        @Schema(description = "abandoned / (answered + abandoned), 0 to 1; null without such calls", nullable = true)
        @JsonProperty("abandon_rate") Double abandonRate,
        @Schema(description = "ASA: the average wait of answered inbound calls", nullable = true)
        @JsonProperty("average_speed_of_answer_seconds") Double averageSpeedOfAnswerSeconds,
        @Schema(description = "answer-seizure ratio: answered / all calls, 0 to 1; null without calls", nullable = true)
        @JsonProperty("asr") Double asr,
        @Schema(description = "average call duration: talk seconds / answered calls that ended", nullable = true)
        @JsonProperty("acd_seconds") Double acdSeconds) {

    /** The largest N and short-abandon threshold the kept histograms tell exactly (V9: whole seconds to 120). */
    static final int MAX_SECONDS = 120;

    /** One extension's (the internal party's) calls: all, the inbound ones answered and missed, and its talk. */
    @Schema(name = "ExtensionFigures")
    @JsonPropertyOrder({"extension", "calls", "answered", "missed", "talk_seconds"})
    public record Extension(String extension, long calls, long answered, long missed,
                            @JsonProperty("talk_seconds") long talkSeconds) {
    }

    /** The figures of summed histograms ({@code wait[s]}: answered after s - 1 to s seconds; {@code abandon[s]}: s to s + 1). */
    static CallCentre of(int n, int shortAbandon, long offered, long waitUs, long[] wait, long[] abandon,
                         ReportRepository.Totals totals) {
        long answered = sum(wait, 0, wait.length);
        long inTime = sum(wait, 0, n + 1);
        long shortAbandoned = sum(abandon, 0, shortAbandon);
        long abandoned = sum(abandon, shortAbandon, abandon.length);
        long handled = answered + abandoned;
        return new CallCentre(n, handled == 0 ? null : rate(inTime, handled), offered, answered, abandoned, shortAbandon,
                shortAbandoned, handled == 0 ? null : rate(abandoned, handled),
                answered == 0 ? null : Math.round(waitUs / 10_000.0 / answered) / 100.0,
                totals.calls() == 0 ? null : rate(totals.answered(), totals.calls()),
                totals.averageTalk() == null ? null : Math.round(totals.averageTalk() * 100.0) / 100.0);
    }

    private static long sum(long[] counts, int from, int to) {
        long s = 0;
        for (int i = from; i < Math.min(to, counts.length); i++) {
            s += counts[i];
        }
        return s;
    }

    private static double rate(long part, long whole) {
        return Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    static List<Extension> sorted(List<Extension> extensions) {
        return extensions.stream().sorted(java.util.Comparator.comparingLong(Extension::calls).reversed()
                .thenComparing(Extension::extension)).toList();
    }
}
