package com.crmtelephony.mockpbx.call;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

import com.crmtelephony.pbxcontract.PbxCall;

/**
 * One tenant's calls in the order they last changed. Every change takes the next sequence
 * number, so {@code since(seq)} returns exactly what changed after a client's last pull. The
 * numbers hold within one {@link #epoch()}: a restarted PBX counts from the start again under a
 * new one, and a client's cursor of the old epoch means nothing in it.
 */
public final class CallStore {

    private final String epoch = UUID.randomUUID().toString();

    /** A call and the sequence number of its last change. */
    public record Entry(long seq, PbxCall call) {
    }

    private final NavigableMap<Long, PbxCall> bySeq = new TreeMap<>();
    private final Map<String, Long> seqOfUuid = new HashMap<>();
    private long lastSeq;

    public synchronized void put(PbxCall call) {
        Long previous = seqOfUuid.put(call.uuid(), ++lastSeq);
        if (previous != null) {
            bySeq.remove(previous);
        }
        bySeq.put(lastSeq, call);
    }

    public synchronized void putAll(List<PbxCall> calls) {
        calls.forEach(this::put);
    }

    public synchronized List<PbxCall> all() {
        return new ArrayList<>(bySeq.values());
    }

    public synchronized List<Entry> since(long seq, int limit) {
        List<Entry> page = new ArrayList<>(Math.min(limit, bySeq.size()));
        for (Map.Entry<Long, PbxCall> e : bySeq.tailMap(seq, false).entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(new Entry(e.getKey(), e.getValue()));
        }
        return page;
    }

    public synchronized int size() {
        return bySeq.size();
    }

    public String epoch() {
        return epoch;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }
}
