package com.crmtelephony.cdr.phonebook;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the phone book said of each number of a tenant's calls ({@code number_match}, V8). */
@Repository
class NumberMatchRepository {

    private final JdbcClient jdbc;

    NumberMatchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void forgetAll(UUID tenant) {
        jdbc.sql("delete from number_match where tenant_id = :tenant").param("tenant", tenant).update();
    }

    /** Forgets the numbers the phone book keys as one of these keys (their contact changed). */
    void forgetKeyed(UUID tenant, Collection<String> keys) {
        jdbc.sql("delete from number_match where tenant_id = :tenant and normalized = any(:keys)")
                .param("tenant", tenant).param("keys", keys.toArray(String[]::new)).update();
    }

    /** The erasure's part: the numbers written as one of these forms, or keyed as one, go. */
    int forget(UUID tenant, Collection<String> forms) {
        String[] numbers = forms.toArray(String[]::new);
        return jdbc.sql("delete from number_match where tenant_id = :tenant and (number = any(:forms) or normalized = any(:forms))")
                .param("tenant", tenant).param("forms", numbers).update();
    }

    /** The stored numbers the phone book keys as {@code key}. */
    List<String> keyedAs(UUID tenant, String key) {
        return jdbc.sql("select number from number_match where tenant_id = :tenant and normalized = :key")
                .param("tenant", tenant).param("key", key).query(String.class).list();
    }

    /**
     * Numbers of the tenant's calls (the report's per-number totals, {@code call_number}, folded
     * first by whoever asks) with no state yet, most calls first.
     */
    List<String> unknown(UUID tenant, int limit) {
        return jdbc.sql("""
                select n.number from call_number n
                where n.tenant_id = :tenant
                  and not exists (select 1 from number_match m where m.tenant_id = n.tenant_id and m.number = n.number)
                order by n.calls desc, n.number
                limit :limit""").param("tenant", tenant).param("limit", limit).query(String.class).list();
    }

    void store(UUID tenant, String[] numbers, String[] normalized, String[] names) {
        jdbc.sql("""
                insert into number_match (tenant_id, number, normalized, name)
                select :tenant, number, normalized, name from unnest(:numbers::text[], :normalized::text[], :names::text[])
                    as t(number, normalized, name)
                on conflict (tenant_id, number) do update set normalized = excluded.normalized, name = excluded.name""")
                .param("tenant", tenant).param("numbers", numbers).param("normalized", normalized).param("names", names)
                .update();
    }
}
