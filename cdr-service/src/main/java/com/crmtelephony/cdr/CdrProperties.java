package com.crmtelephony.cdr;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxPageSize      the largest {@code size} of one page of calls
 * @param lookupBatchSize  numbers per phonebook lookup request when computing reports
 */
@ConfigurationProperties("crm.cdr")
public record CdrProperties(
        @DefaultValue("1000") int maxPageSize,
        @DefaultValue("2000") int lookupBatchSize) {
}
