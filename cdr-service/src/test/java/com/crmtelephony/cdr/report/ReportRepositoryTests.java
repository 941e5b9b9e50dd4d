package com.crmtelephony.cdr.report;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The report's number batches, on PostgreSQL with the migrations (a JDBC slice): read from a cursor
 * that outlives its transaction, so that no transaction is open while the phone book is asked.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(ReportRepository.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class ReportRepositoryTests {

    @Autowired
    ReportRepository reports;
    @Autowired
    JdbcTemplate jdbc;

    private final UUID tenant = UUID.randomUUID();

    /** {@code calls} inbound calls of {@code seconds} each from {@code number}. */
    private void calls(String number, int calls, int seconds) {
        for (int i = 0; i < calls; i++) {
            jdbc.update("insert into call_record (tenant_id, uuid, caller_number, destination_number, direction, call_start, duration)"
                    + " values (?, ?, ?, '2000', 'inbound', now(), ?)", tenant, UUID.randomUUID().toString(), number, seconds);
        }
    }

    /** 111 called 3 times (10 s each), 222 twice (30 s), 333 once (5 s). */
    private void threeNumbers() {
        calls("111", 3, 10);
        calls("222", 2, 30);
        calls("333", 1, 5);
    }

    @Test
    void numbersComeMostCalledFirstInBatchesWithTheirCallsAndSeconds() {
        threeNumbers();
        List<List<ReportRepository.NumberUsage>> batches = new ArrayList<>();
        reports.forEachNumberBatch(tenant, null, null, 2, batches::add);
        assertThat(batches).containsExactly(
                List.of(new ReportRepository.NumberUsage("111", 3, 30.0), new ReportRepository.NumberUsage("222", 2, 60.0)),
                List.of(new ReportRepository.NumberUsage("333", 1, 5.0)));
    }

    @Test
    void readingStopsWhenTheRestNoLongerMatters() {
        threeNumbers();
        List<List<ReportRepository.NumberUsage>> batches = new ArrayList<>();
        reports.forEachNumberBatch(tenant, null, null, 1, batch -> batches.add(batch) && false);
        assertThat(batches).hasSize(1);
        // The early stop closed its cursor: the next reading runs as if nothing had happened.
        reports.forEachNumberBatch(tenant, null, null, 10, batches::add);
        assertThat(batches).hasSize(2);
    }

    @Test
    @Transactional
    void insideATransactionItRefusesToRunRatherThanHoldItOpenWhileOthersAreAsked() {
        assertThatThrownBy(() -> reports.forEachNumberBatch(tenant, null, null, 10, batch -> true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
    }
}
