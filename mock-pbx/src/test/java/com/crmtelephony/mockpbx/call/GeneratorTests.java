package com.crmtelephony.mockpbx.call;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.crmtelephony.mockpbx.directory.Directory;
import com.crmtelephony.pbxcontract.PbxCall;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorTests {

    static final Instant START = Instant.parse("2024-05-01T08:00:00Z");

    static List<PbxCall> calls(long seed, int count) {
        return new CallGenerator(seed, new Directory(seed, 40), "t.pbx.local", START).next(count);
    }

    @Test
    void theSameSeedMakesTheSameCallsAndAnotherSeedOthers() {
        assertThat(calls(7, 50)).isEqualTo(calls(7, 50));
        assertThat(calls(8, 50)).isNotEqualTo(calls(7, 50));
    }

    @Test
    void generatedCallsAreConsistentAndMostlyFromTheDirectory() {
        Directory directory = new Directory(7, 40);
        List<Long> known = directory.entries().stream().map(Directory.Entry::number).toList();
        List<PbxCall> calls = calls(7, 1000);
        long fromDirectory = calls.stream()
                .filter(c -> known.contains("inbound".equals(c.direction()) ? c.callerNumber() : c.destinationNumber()))
                .count();
        assertThat(fromDirectory).isBetween(700L, 900L);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.callEnd()).isAfter(c.callStart());
            assertThat(c.duration()).isEqualTo((int) (c.callEnd().getEpochSecond() - c.callStart().getEpochSecond()));
            assertThat(c.recording() != null).isEqualTo(c.answerStart() != null);
        });
        assertThat(calls).extracting(PbxCall::uuid).doesNotHaveDuplicates();
        assertThat(calls.stream().filter(c -> c.answerStart() != null).count()).isBetween(400L, 600L);
    }
}
