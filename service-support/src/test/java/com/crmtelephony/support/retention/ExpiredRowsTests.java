package com.crmtelephony.support.retention;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import com.crmtelephony.support.errors.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The batching and failure handling of the retention job, and the strict reading of a period. */
class ExpiredRowsTests {

    static final UUID FAILING = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final UUID FINE = UUID.fromString("00000000-0000-4000-8000-000000000002");
    static final ExpiredRows.Rule RULE = new ExpiredRows.Rule("things", "tenants", List.of("remove"), List.of("after"));

    @SuppressWarnings("unchecked")
    JdbcTemplate database(List<ExpiredRows.Removed> due) {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        when(jdbc.query(eq("tenants"), any(RowMapper.class))).thenReturn(due);
        return jdbc;
    }

    @Test
    void deletesBatchAfterBatchUntilOneIsShortThenRunsWhatDependsOnTheRows() {
        JdbcTemplate jdbc = database(List.of(new ExpiredRows.Removed(FINE, 30, 0)));
        when(jdbc.update("remove", FINE, 30, 100)).thenReturn(100, 100, 7);

        List<ExpiredRows.Removed> removed = new ExpiredRows(jdbc, 100).remove(RULE);

        assertThat(removed).containsExactly(new ExpiredRows.Removed(FINE, 30, 207));
        verify(jdbc, times(3)).update("remove", FINE, 30, 100);
        verify(jdbc).execute(any(ConnectionCallback.class));
    }

    @Test
    void nothingRemovedMeansNothingToRecompute() {
        JdbcTemplate jdbc = database(List.of(new ExpiredRows.Removed(FINE, 30, 0)));
        when(jdbc.update("remove", FINE, 30, 100)).thenReturn(0);

        assertThat(new ExpiredRows(jdbc, 100).remove(RULE)).containsExactly(new ExpiredRows.Removed(FINE, 30, 0));
        verify(jdbc, never()).execute(any(ConnectionCallback.class));
    }

    @Test
    void oneTenantsFailureDoesNotStopTheOthers() {
        JdbcTemplate jdbc = database(List.of(new ExpiredRows.Removed(FAILING, 7, 0), new ExpiredRows.Removed(FINE, 30, 0)));
        when(jdbc.update("remove", FAILING, 7, 100)).thenThrow(new DataAccessResourceFailureException("connection lost"));
        when(jdbc.update("remove", FINE, 30, 100)).thenReturn(3);

        assertThat(new ExpiredRows(jdbc, 100).remove(RULE)).containsExactly(new ExpiredRows.Removed(FINE, 30, 3));
    }

    @Test
    void theDatabaseDownMeansTheRunFailsAndTheNextOneGoesOn() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        when(jdbc.query(anyString(), any(RowMapper.class))).thenThrow(new DataAccessResourceFailureException("down"));
        assertThatExceptionOfType(DataAccessResourceFailureException.class)
                .isThrownBy(() -> new ExpiredRows(jdbc, 100).remove(RULE));
    }

    @Test
    void aPeriodIsReadStrictly() {
        JsonMapper json = JsonMapper.builder().build();
        assertThat(RetentionPeriod.of(json.readTree("{\"days\":30}"))).isEqualTo(new RetentionPeriod(30));
        assertThat(RetentionPeriod.of(json.readTree("{\"days\":null}"))).isEqualTo(RetentionPeriod.KEEP_EVERYTHING);
        for (String body : List.of("{}", "{\"days\":1.5}", "{\"days\":\"30\"}", "{\"days\":0}", "{\"days\":36501}",
                "{\"days\":30,\"contacts\":1}", "[30]", "30", "null", "{\"days\":99999999999}")) {
            assertThatExceptionOfType(InvalidInputException.class).as(body)
                    .isThrownBy(() -> RetentionPeriod.of(json.readTree(body)));
        }
        assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> RetentionPeriod.of(null));
    }

}
