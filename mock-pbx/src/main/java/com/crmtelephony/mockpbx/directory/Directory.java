package com.crmtelephony.mockpbx.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A tenant's generated phone directory: Cypriot numbers with names and e-mails. Two in five lie
 * in ranges libphonenumber deems unassigned ({@code 357 03…}, {@code 357 04…}), as most of the
 * original PBX's did: a phone book must take the numbers a PBX really uses.
 */
public final class Directory {

    private static final String[] FIRST = {"Andreas", "Maria", "Georgios", "Eleni", "Nikos", "Anna", "Christos",
            "Sofia", "Yiannis", "Katerina", "Petros", "Despina", "Michalis", "Irene", "Stelios", "Chloe"};
    private static final String[] LAST = {"Georgiou", "Christodoulou", "Ioannou", "Constantinou", "Charalambous",
            "Nicolaou", "Demetriou", "Papadopoulos", "Savva", "Michael", "Andreou", "Kyriacou"};
    private static final int[] PREFIXES = {96, 97, 99, 3, 4};

    public record Entry(String name, String email, long number) {
    }

    private final List<Entry> entries;

    public Directory(long seed, int size) {
        Random random = new Random(seed);
        List<Entry> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            long number = 357_00_000000L + PREFIXES[random.nextInt(PREFIXES.length)] * 1_000_000L + i * 7919L % 1_000_000;
            String email = random.nextInt(4) == 0 ? "" : (first + "." + last + i).toLowerCase() + "@example.com";
            list.add(new Entry(first + " " + last, email, number));
        }
        this.entries = List.copyOf(list);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** A number of the directory; an empty directory has none, so callers get an unknown one. */
    public long randomNumber(Random random) {
        return entries.isEmpty() ? 35799_000_000L + random.nextInt(1_000_000)
                : entries.get(random.nextInt(entries.size())).number();
    }

    /** The directory in the PBX's CSV format: header {@code name,email,number}. */
    public String csv() {
        StringBuilder csv = new StringBuilder("name,email,number\n");
        for (Entry e : entries) {
            csv.append(e.name()).append(',').append(e.email()).append(',').append(e.number()).append('\n');
        }
        return csv.toString();
    }
}
