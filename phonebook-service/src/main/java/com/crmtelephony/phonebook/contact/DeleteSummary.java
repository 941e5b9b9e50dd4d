package com.crmtelephony.phonebook.contact;

import java.util.List;

/** {@code notFound}: the numbers of the request (as sent) that matched no contact of the tenant. */
public record DeleteSummary(int received, int deleted, List<String> notFound) {
}
