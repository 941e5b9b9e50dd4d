package com.crmtelephony.support.web;

import org.junit.jupiter.api.Test;

import com.crmtelephony.support.errors.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagingTests {

    @Test
    void aPageIsItsSizeAndOffset() {
        assertThat(Paging.of(null, null, 1000)).isEqualTo(new Paging(100, 0));
        assertThat(Paging.of(3, 20, 1000)).isEqualTo(new Paging(20, 60));
        assertThat(Paging.of(0, 1000, 1000)).isEqualTo(new Paging(1000, 0));
    }

    @Test
    void outOfRangeOrOverflowingPagesAreBadRequests() {
        for (Integer[] bad : new Integer[][] {{-1, 10}, {0, 0}, {0, 1001}, {Integer.MAX_VALUE, 1000}, {2_147_484, 1000}}) {
            assertThatThrownBy(() -> Paging.of(bad[0], bad[1], 1000)).isInstanceOf(InvalidInputException.class);
        }
        assertThat(Paging.of(2_147_483, 1000, 1000).offset()).isEqualTo(2_147_483_000);
    }
}
