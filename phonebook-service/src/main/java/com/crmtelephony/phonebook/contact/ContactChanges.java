package com.crmtelephony.phonebook.contact;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What changed in a tenant's phone book since a position of its change feed.
 *
 * @param position where the next reading starts ({@code after})
 * @param numbers  the E.164 numbers whose contact came, went, or was renamed or renumbered
 * @param complete false when {@code numbers} cannot say it all (no position given, or more
 *                 changes than one answer lists): whatever was learnt before is to be forgotten
 */
@Schema(name = "ContactChanges")
public record ContactChanges(long position, List<String> numbers, boolean complete) {
}
