package com.crmtelephony.cdr.retention;

import java.util.List;

/**
 * One module's part of a tenant's retention, declared by the module that owns the tables: the
 * statements that remove a batch of what is past the tenant's period (parameters: tenant, days,
 * batch), and those run once for the tenant after them (parameter: tenant). Parts run by their
 * {@code order}.
 */
public record ExpiredPart(int order, List<String> removals, List<String> after) {
}
