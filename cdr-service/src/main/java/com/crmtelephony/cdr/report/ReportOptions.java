package com.crmtelephony.cdr.report;

import java.time.DateTimeException;
import java.time.ZoneId;

import com.crmtelephony.support.errors.InvalidInputException;

/**
 * How a report is asked for: the zone of its per-day and per-hour figures (null: the tenant's, as
 * the registry holds it), its service level's N and its short-abandon threshold, each checked once here.
 */
record ReportOptions(ZoneId zone, int serviceLevelSeconds, int shortAbandonSeconds) {

    static final ReportOptions DEFAULT = new ReportOptions(ZoneId.of("UTC"), 20, 5);

    /** @param tz an IANA zone (null: the tenant's); the thresholds null: their defaults */
    static ReportOptions of(String tz, Integer serviceLevelSeconds, Integer shortAbandonSeconds) {
        ZoneId zone = null;
        if (tz != null) {
            try {
                zone = ZoneId.of(tz.strip());
            } catch (DateTimeException e) {
                throw new InvalidInputException("tz must be an IANA time zone such as Europe/Nicosia or UTC");
            }
        }
        int n = serviceLevelSeconds == null ? DEFAULT.serviceLevelSeconds() : serviceLevelSeconds;
        int t = shortAbandonSeconds == null ? DEFAULT.shortAbandonSeconds() : shortAbandonSeconds;
        if (n < 0 || n > CallCentre.MAX_SECONDS) {
            throw new InvalidInputException("service_level_seconds must be between 0 and " + CallCentre.MAX_SECONDS);
        }
        if (t < 0 || t > CallCentre.MAX_SECONDS) {
            throw new InvalidInputException("short_abandon_seconds must be between 0 and " + CallCentre.MAX_SECONDS);
        }
        return new ReportOptions(zone, n, t);
    }

    ReportOptions inZone(ZoneId zone) {
        return new ReportOptions(zone, serviceLevelSeconds, shortAbandonSeconds);
    }
}
