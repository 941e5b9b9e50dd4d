package com.crmtelephony.cdr.followup;

import java.time.Instant;

/**
 * A caller whose missed calls nobody has returned.
 *
 * @param key          the phone book's E.164 form of the number (its written forms are one caller),
 *                     else the number as the calls have it; what {@code POST /cdr/follow-ups/{key}/done} takes
 * @param number       the number as the last missed call had it
 * @param contact      the caller's contact name in the phone book; null: none
 * @param attempts     the missed calls since the last answered call with the number (or the last mark)
 * @param firstAttempt the first of them
 * @param lastAttempt  the last of them
 */
public record FollowUp(String key, String number, String contact, int attempts, Instant firstAttempt, Instant lastAttempt) {
}
