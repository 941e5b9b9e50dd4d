package com.crmtelephony.cdr.report;

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

/**
 * The report's number figures, on PostgreSQL with the migrations (a JDBC slice): the per-number
 * totals the upserts keep, joined with what the phone book said of each number.
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

    private ReportRepository.NumberFigures numbers(java.time.Instant from, int top) {
        reports.fold(tenant);
        return reports.numbers(tenant, from, null, top);
    }

    private void known(String number, String name) {
        jdbc.update("insert into number_match (tenant_id, number, normalized, name) values (?, ?, ?, ?)",
                tenant, number, "+" + number, name);
    }

    @Test
    void topNumbersComeMostCalledFirstWithTheirNamesAndUnmatchedCountsTheNumbersWithoutAContact() {
        threeNumbers();
        known("111", "Alice");
        known("222", null);
        known("333", null);
        ReportRepository.NumberFigures figures = numbers(null, 2);
        assertThat(figures.top()).containsExactly(new Report.NumberCount("111", "Alice", 3), new Report.NumberCount("222", null, 2));
        assertThat(figures.available()).isTrue();
        assertThat(figures.unmatchedCalls()).isEqualTo(3);
        assertThat(figures.unmatchedSeconds()).isEqualTo(65.0);
    }

    @Test
    void aNumberThePhoneBookWasNotAskedAboutMakesTheUnmatchedFiguresUnavailable() {
        threeNumbers();
        known("111", "Alice");
        known("222", null);
        assertThat(numbers(null, 10).available()).isFalse();
        known("333", null);
        assertThat(numbers(null, 10).available()).isTrue();
    }

    @Test
    void aRangeCountsItsOwnCallsOfEachNumber() {
        threeNumbers();
        known("111", "Alice");
        known("222", null);
        known("333", null);
        jdbc.update("update call_record set call_start = now() - interval '2 days' where tenant_id = ? and caller_number = '222'", tenant);
        ReportRepository.NumberFigures figures = numbers(java.time.Instant.now().minusSeconds(3600), 10);
        assertThat(figures.top()).extracting(Report.NumberCount::number).containsExactly("111", "333");
        assertThat(figures.unmatchedCalls()).isEqualTo(1);
        assertThat(figures.unmatchedSeconds()).isEqualTo(5.0);
    }
}
