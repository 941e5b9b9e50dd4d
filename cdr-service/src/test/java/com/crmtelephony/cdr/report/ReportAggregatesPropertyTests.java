package com.crmtelephony.cdr.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.call.Call;
import com.crmtelephony.cdr.call.CallAction;
import com.crmtelephony.cdr.call.CallService;
import com.crmtelephony.cdr.call.Direction;
import com.crmtelephony.cdr.call.PhoneNumber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The figures kept as calls are written (V7, V9: the call-centre histograms and extensions) equal the figures recomputed from the calls by plain
 * SQL ({@link PlainReportSql}), for random calls sent as their events out of order, in random
 * batches, with replays, late corrections, deletes and calls that come back after a delete, folded
 * into the totals at random points, and
 * for ranges whose ends fall anywhere in an hour, random service-level and short-abandon thresholds,
 * and per-day and weekday-by-hour figures in random zones (whole-hour offsets and :30 and :45 ones). Twenty fixed seeds and five new ones each run
 * (a failure names its seed).
 */
class ReportAggregatesPropertyTests extends CdrServiceTest {

    static final Instant BASE = Instant.parse("2024-05-01T00:00:00Z");
    static final long SPAN_MS = Duration.ofHours(50).toMillis();
    /** Whole-hour offsets (from the kept hours) and :30 and :45 ones (from the calls), across a day's change. */
    static final List<String> ZONES = List.of("UTC", "Europe/Nicosia", "America/Los_Angeles", "Asia/Kolkata", "Australia/Eucla");

    @Autowired
    CallService calls;
    @Autowired
    ReportRepository reports;

    static Stream<Long> seeds() {
        long now = System.nanoTime();
        return Stream.concat(LongStream.range(1, 21).boxed(), LongStream.range(0, 5).mapToObj(i -> now + i));
    }

    /**
     * Some of the tenant's numbers answered, some wrongly (a contact said to be none, or the other
     * way round, to be corrected later, as a contact added or removed would), some forgotten.
     */
    private void answerSome(UUID tenant, Random random) {
        for (String number : jdbc.queryForList("select number from call_number where tenant_id = ? order by number",
                String.class, tenant)) {
            switch (random.nextInt(6)) {
                case 0 -> jdbc.update("""
                        insert into number_match (tenant_id, number, normalized, name) values (?, ?, ?, ?)
                        on conflict (tenant_id, number) do update set name = excluded.name""",
                        tenant, number, number, contactName(number));
                case 1 -> jdbc.update("""
                        insert into number_match (tenant_id, number, normalized, name) values (?, ?, ?, ?)
                        on conflict (tenant_id, number) do update set name = excluded.name""",
                        tenant, number, number, contactName(number) == null ? "Someone" : null);
                case 2 -> jdbc.update("delete from number_match where tenant_id = ? and number = ?", tenant, number);
                default -> {
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void keptFiguresEqualFiguresRecomputedFromTheCalls(long seed) {
        Random random = new Random(seed);
        UUID tenant = newTenant();
        List<Call> events = new ArrayList<>();
        List<String> recordings = new ArrayList<>();
        int callCount = 20 + random.nextInt(40);
        for (int i = 0; i < callCount; i++) {
            recordings.add("rec-" + seed + "-" + i);
            events.addAll(eventsOfOneCall(random, "p" + seed + "-" + i, "rec-" + seed + "-" + i));
        }
        Collections.shuffle(events, random);
        // Replays: a fifth of the events again, anywhere.
        for (int i = 0, replays = events.size() / 5; i < replays; i++) {
            events.add(random.nextInt(events.size()), events.get(random.nextInt(events.size())));
        }
        int sent = 0;
        while (sent < events.size()) {
            int size = 1 + random.nextInt(15);
            calls.upsert(tenant, events.subList(sent, Math.min(events.size(), sent + size)));
            sent += size;
            if (random.nextInt(4) == 0) {
                // Folded now and then: what is folded and what is still to fold add up alike.
                reports.fold(tenant);
            }
            if (random.nextInt(6) == 0) {
                // Deleted; its events still to come (late ones) bring it back, partly.
                calls.deleteByRecording(tenant, recordings.get(random.nextInt(recordings.size())));
            }
            if (random.nextInt(4) == 0) {
                // The phone book asked about some numbers, meanwhile: the kept unmatched figures
                // (V21) move with its answers as with the calls.
                answerSome(tenant, random);
            }
        }

        reports.fold(tenant);
        PlainReportSql plain = new PlainReportSql(jdbc);
        // With the phone book's answers for some numbers only, right or wrong: the kept unmatched
        // figures and count of numbers not asked about equal those of the calls and answers.
        ReportRepository.NumberFigures midway = reports.numbers(tenant, null, null, 1);
        List<PlainReportSql.NumberUsage> all = plain.numbers(tenant, null, null);
        Map<String, Optional<String>> said = new HashMap<>();
        jdbc.query("select number, name from number_match where tenant_id = ?",
                rs -> { said.put(rs.getString("number"), Optional.ofNullable(rs.getString("name"))); }, tenant);
        assertThat(midway.available()).as("seed %d: every number asked about", seed)
                .isEqualTo(all.stream().allMatch(u -> said.containsKey(u.number())));
        assertThat(jdbc.queryForList("select unmatched_calls, unknown_numbers from number_totals where tenant_id = ?", tenant)
                .stream().map(r -> List.of(((Number) r.get("unmatched_calls")).longValue(), ((Number) r.get("unknown_numbers")).longValue()))
                .findFirst().orElse(List.of(0L, 0L)))
                .as("seed %d: unmatched calls and numbers not asked about", seed)
                .isEqualTo(List.of(
                        all.stream().filter(u -> said.containsKey(u.number()) && said.get(u.number()).isEmpty())
                                .mapToLong(PlainReportSql.NumberUsage::calls).sum(),
                        all.stream().filter(u -> !said.containsKey(u.number())).count()));
        // What the phone book would say: numbers ending in an even digit are contacts.
        for (PlainReportSql.NumberUsage u : plain.numbers(tenant, null, null)) {
            jdbc.update("""
                    insert into number_match (tenant_id, number, normalized, name) values (?, ?, ?, ?)
                    on conflict (tenant_id, number) do update set name = excluded.name""",
                    tenant, u.number(), u.number(), contactName(u.number()));
        }
        SoftAssertions softly = new SoftAssertions();
        for (Instant[] range : ranges(random)) {
            Instant from = range[0];
            Instant to = range[1];
            String what = "seed " + seed + ", range [" + from + ", " + to + ")";
            List<HourlyFigures.Bucket> buckets = reports.buckets(tenant, from, to);
            HourlyFigures.Summary kept = HourlyFigures.of(buckets);
            softly.assertThat(kept.totals()).as(what).usingRecursiveComparison()
                    .withComparatorForType((a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Double.compare(a, b), Double.class)
                    .isEqualTo(plain.totals(tenant, from, to));
            softly.assertThat(kept.perDay()).as(what).isEqualTo(plain.perDay(tenant, from, to));
            softly.assertThat(kept.busiestHour()).as(what).isEqualTo(plain.busiestHour(tenant, from, to));
            List<PlainReportSql.NumberUsage> usage = plain.numbers(tenant, from, to);
            ReportRepository.NumberFigures numbers = reports.numbers(tenant, from, to, 1000);
            softly.assertThat(numbers.top()).as(what).isEqualTo(usage.stream()
                    .map(u -> new Report.NumberCount(u.number(), contactName(u.number()), u.calls())).toList());
            softly.assertThat(numbers.available()).as(what).isTrue();
            softly.assertThat(numbers.unmatchedCalls()).as(what).isEqualTo(usage.stream()
                    .filter(u -> contactName(u.number()) == null).mapToLong(PlainReportSql.NumberUsage::calls).sum());
            int n = random.nextInt(41);
            int t = random.nextInt(CallCentre.MAX_SECONDS + 1);
            String how = what + ", N " + n + ", short abandon " + t;
            CallCentre centre = HourlyFigures.callCentre(buckets, n, t, kept.totals());
            PlainReportSql.CallCentreCounts counts = plain.callCentre(tenant, from, to, n, t);
            softly.assertThat(new long[] {centre.offeredCalls(), centre.answeredCalls(), centre.abandonedCalls(),
                            centre.shortAbandonedCalls()}).as(how)
                    .containsExactly(counts.offered(), counts.answered(), counts.abandoned(), counts.shortAbandoned());
            long handled = counts.answered() + counts.abandoned();
            if (handled == 0) {
                softly.assertThat(centre.serviceLevel()).as(how).isNull();
            } else {
                softly.assertThat(centre.serviceLevel()).as(how).isCloseTo((double) counts.inTime() / handled, offset(0.00005 + 1e-9));
                softly.assertThat(centre.abandonRate()).as(how).isCloseTo((double) counts.abandoned() / handled, offset(0.00005 + 1e-9));
            }
            if (counts.averageWait() == null) {
                softly.assertThat(centre.averageSpeedOfAnswerSeconds()).as(how).isNull();
            } else {
                softly.assertThat(centre.averageSpeedOfAnswerSeconds()).as(how).isCloseTo(counts.averageWait(), offset(0.005 + 1e-9));
            }
            softly.assertThat(reports.extensions(tenant, from, to)).as(what).isEqualTo(plain.extensions(tenant, from, to));
            ZoneId zone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
            Distribution local = Distribution.of(HourlyFigures.localHours(buckets, zone)
                    .orElseGet(() -> reports.localHours(tenant, from, to, zone)));
            softly.assertThat(local.perDay()).as(what + " in " + zone).isEqualTo(plain.perLocalDay(tenant, from, to, zone.getId()));
            softly.assertThat(local.byWeekdayHour()).as(what + " in " + zone)
                    .isDeepEqualTo(plain.byWeekdayHour(tenant, from, to, zone.getId()));
            softly.assertThat(numbers.unmatchedSeconds()).as(what).isCloseTo(usage.stream()
                    .filter(u -> contactName(u.number()) == null).mapToDouble(PlainReportSql.NumberUsage::seconds).sum(),
                    org.assertj.core.data.Offset.offset(1e-6));
        }
        softly.assertAll();
    }

    private static String contactName(String number) {
        return (number.charAt(number.length() - 1) - '0') % 2 == 0 ? "Contact " + number : null;
    }

    /** ORIGINATE, RING, maybe ANSWERED, HANGUP, and sometimes a corrected HANGUP (late values). */
    private static List<Call> eventsOfOneCall(Random random, String uuid, String recording) {
        Direction direction = random.nextInt(10) == 0 ? null : random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
        PhoneNumber other = random.nextInt(10) == 0 ? null : new PhoneNumber("3579900000" + random.nextInt(8), true);
        PhoneNumber extension = new PhoneNumber("20" + random.nextInt(3), false);
        boolean out = direction == Direction.OUTBOUND;
        PhoneNumber caller = out ? extension : other;
        PhoneNumber destination = out ? other : extension;
        Instant start = random.nextInt(20) == 0 ? null : BASE.plusMillis((long) (random.nextDouble() * SPAN_MS));
        Instant at = start == null ? BASE : start;
        Instant ring = random.nextInt(10) == 0 ? null : at.plusMillis(random.nextInt(5_000));
        Instant answer = random.nextBoolean() ? (ring == null ? at : ring).plusMillis(random.nextInt(30_000)) : null;
        Instant end = (answer != null ? answer : ring != null ? ring : at).plusMillis(random.nextInt(300_000));
        Integer duration = random.nextBoolean() ? null : (int) Duration.between(at, end).toSeconds();
        List<Call> events = new ArrayList<>();
        events.add(call(uuid, recording, direction, caller, destination, start, null, null, null, null, CallAction.ORIGINATE));
        events.add(call(uuid, recording, direction, caller, destination, start, ring, null, null, null, CallAction.RING));
        if (answer != null) {
            events.add(call(uuid, recording, direction, caller, destination, start, ring, answer, null, null, CallAction.ANSWERED));
        }
        events.add(call(uuid, recording, direction, caller, destination, start, ring, answer, end, duration, CallAction.HANGUP));
        if (random.nextInt(5) == 0) {
            Instant later = end.plusMillis(random.nextInt(60_000));
            events.add(call(uuid, recording, direction, caller, destination, start, ring, answer, later,
                    (int) Duration.between(at, later).toSeconds(), CallAction.HANGUP));
        }
        return events;
    }

    private static Call call(String uuid, String recording, Direction direction, PhoneNumber caller, PhoneNumber destination,
                             Instant start, Instant ring, Instant answer, Instant end, Integer duration, CallAction action) {
        return new Call(uuid, null, null, caller, destination, direction, start, ring, answer, end, duration, recording,
                null, null, action);
    }

    /** All time, from only, to only, random ranges (within one hour too), and whole hours. */
    private static List<Instant[]> ranges(Random random) {
        List<Instant[]> ranges = new ArrayList<>();
        ranges.add(new Instant[] {null, null});
        ranges.add(new Instant[] {someInstant(random), null});
        ranges.add(new Instant[] {null, someInstant(random)});
        for (int i = 0; i < 4; i++) {
            Instant a = someInstant(random);
            Instant b = someInstant(random);
            ranges.add(a.isBefore(b) ? new Instant[] {a, b} : new Instant[] {b, a.plusMillis(1)});
        }
        Instant inOneHour = someInstant(random);
        ranges.add(new Instant[] {inOneHour, inOneHour.plusMillis(random.nextInt(1_000_000))});
        Instant hour = someInstant(random).truncatedTo(ChronoUnit.HOURS);
        ranges.add(new Instant[] {hour, hour.plus(3, ChronoUnit.HOURS)});
        return ranges;
    }

    private static Instant someInstant(Random random) {
        return BASE.minus(1, ChronoUnit.HOURS).plusMillis((long) (random.nextDouble() * (SPAN_MS + 7_200_000)));
    }
}
