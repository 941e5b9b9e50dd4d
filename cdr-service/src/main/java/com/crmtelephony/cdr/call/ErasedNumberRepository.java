package com.crmtelephony.cdr.call;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tombstones of erased numbers ({@code erased_number}, V16), the tenant's erasures' advisory lock,
 * and the privacy key's check value ({@code privacy_key_check}, V17).
 */
@Repository
class ErasedNumberRepository {

    /** The tenant's erasures, as one advisory lock: stores share it, an erasure holds it alone. */
    private static final String LOCK_KEY = "hashtextextended('erasure:' || :tenant::text, 0)";

    private final JdbcClient jdbc;

    ErasedNumberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Until the transaction ends, alone: stores of the tenant wait. */
    void lockExclusively(UUID tenant) {
        jdbc.sql("select pg_advisory_xact_lock(" + LOCK_KEY + ")").param("tenant", tenant).query().singleRow();
    }

    /** Until the transaction ends, shared with the tenant's other stores. */
    void lockShared(UUID tenant) {
        jdbc.sql("select pg_advisory_xact_lock_shared(" + LOCK_KEY + ")").param("tenant", tenant).query().singleRow();
    }

    boolean anyOf(UUID tenant) {
        return jdbc.sql("select exists (select 1 from erased_number where tenant_id = :tenant)")
                .param("tenant", tenant).query(Boolean.class).single();
    }

    void remember(UUID tenant, String numberKey, String pseudonym) {
        jdbc.sql("""
                insert into erased_number (tenant_id, number_key, pseudonym) values (:tenant, :key, :pseudonym)
                on conflict do nothing""")
                .param("tenant", tenant).param("key", numberKey).param("pseudonym", pseudonym).update();
    }

    /** The pseudonyms of the tombstone keys that have one. */
    Map<String, String> pseudonyms(UUID tenant, Collection<String> keys) {
        Map<String, String> found = new HashMap<>();
        jdbc.sql("select number_key, pseudonym from erased_number where tenant_id = :tenant and number_key = any(:keys)")
                .param("tenant", tenant).param("keys", keys.toArray(String[]::new))
                .query(rs -> {
                    found.put(rs.getString("number_key"), rs.getString("pseudonym"));
                });
        return found;
    }

    /** The check value recorded by the first start, recorded now if there was none. */
    String checkValue(String ifNone) {
        jdbc.sql("insert into privacy_key_check (id, check_value) values (1, :check) on conflict (id) do nothing")
                .param("check", ifNone).update();
        return jdbc.sql("select check_value from privacy_key_check where id = 1").query(String.class).single();
    }
}
