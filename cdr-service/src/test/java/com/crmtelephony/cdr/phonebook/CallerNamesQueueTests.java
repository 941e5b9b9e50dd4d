package com.crmtelephony.cdr.phonebook;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.scheduling.TaskScheduler;

import com.crmtelephony.cdr.call.CallService;
import com.crmtelephony.cdr.call.UnnamedCallsStored;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What waits for the phone book is bounded: a bulk load does not flood it; the next sync names the rest. */
class CallerNamesQueueTests {

    final PhonebookDirectory phonebook = mock(PhonebookDirectory.class);
    final CallerNames names = new CallerNames(phonebook, mock(CallService.class), Clock.systemUTC(),
            mock(TaskScheduler.class), Duration.ofMinutes(1), Duration.ofHours(1));

    static Set<String> numbers(int from, int count) {
        Set<String> numbers = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            numbers.add(Long.toString(35799100000L + from + i));
        }
        return numbers;
    }

    @Test
    void atMostAThousandNumbersWaitForARound() {
        UUID tenant = UUID.randomUUID();
        when(phonebook.names(eq(tenant), any())).thenReturn(Optional.of(Map.of()));
        names.stored(new UnnamedCallsStored(tenant, numbers(0, 600)));
        names.stored(new UnnamedCallsStored(tenant, numbers(600, 600))); // would make 1,200: left to the sync
        names.stored(new UnnamedCallsStored(tenant, numbers(1200, 400))); // exactly 1,000: waits
        names.fillPending();
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<String>> asked = ArgumentCaptor.forClass(List.class);
        verify(phonebook).names(eq(tenant), asked.capture());
        assertThat(asked.getValue()).hasSize(1_000).containsAll(numbers(0, 600)).containsAll(numbers(1200, 400))
                .doesNotContainAnyElementsOf(numbers(600, 600));

        // The round took them: the next batch waits again.
        names.stored(new UnnamedCallsStored(tenant, numbers(600, 600)));
        names.fillPending();
        verify(phonebook, org.mockito.Mockito.times(2)).names(eq(tenant), asked.capture());
        assertThat(asked.getValue()).hasSize(600);
    }
}
