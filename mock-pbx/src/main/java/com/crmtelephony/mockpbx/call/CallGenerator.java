package com.crmtelephony.mockpbx.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.crmtelephony.mockpbx.directory.Directory;
import com.crmtelephony.pbxcontract.PbxCall;

/**
 * Makes plausible calls for one tenant from a seeded random source: the same seed gives the
 * same calls. Other parties come mostly from the tenant's directory, some from unknown numbers;
 * our side is an extension (100-149), which is no phone number of any directory.
 */
public final class CallGenerator {

    private final Random random;
    private final Directory directory;
    private final String domain;
    private Instant clock;

    public CallGenerator(long seed, Directory directory, String domain, Instant firstCallAt) {
        this.random = new Random(seed);
        this.directory = directory;
        this.domain = domain;
        this.clock = firstCallAt;
    }

    /** Completed calls, minutes apart, continuing where the previous ones left off. */
    public synchronized List<PbxCall> next(int count) {
        List<PbxCall> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clock = clock.plusSeconds(60 + random.nextInt(30 * 60));
            Outline o = outline(random.nextBoolean());
            int ring = random.nextInt(3);
            Instant ringStart = clock.plusSeconds(ring);
            Instant answerStart = o.answered ? ringStart.plusSeconds(2 + random.nextInt(19)) : null;
            Instant end = o.answered ? answerStart.plusSeconds(10 + random.nextInt(600)) : ringStart.plusSeconds(5 + random.nextInt(26));
            calls.add(new PbxCall(o.uuid, domain, null, o.caller, o.destination, o.direction, clock, ringStart,
                    answerStart, end, (int) (end.getEpochSecond() - clock.getEpochSecond()),
                    o.answered ? "rec-" + o.uuid : null, o.clickToCall, null, "HANGUP"));
        }
        return calls;
    }

    /** A call about to start now, for webhooks: who calls whom and whether it will be answered. */
    public synchronized Outline outline(boolean inbound) {
        UUID id = new UUID(random.nextLong(), random.nextLong());
        long party = random.nextInt(10) < 8 ? directory.randomNumber(random) : 35722_000_000L + random.nextInt(1_000_000);
        long extension = 100 + random.nextInt(50);
        return new Outline(id.toString(), inbound ? party : extension, inbound ? extension : party,
                inbound ? "inbound" : "outbound", random.nextBoolean(), random.nextInt(10) == 0);
    }

    public synchronized double nextDouble() {
        return random.nextDouble();
    }

    public String domain() {
        return domain;
    }

    public record Outline(String uuid, long caller, long destination, String direction, boolean answered,
                          boolean clickToCall) {
    }
}
