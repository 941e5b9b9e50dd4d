package com.crmtelephony.cdr.privacy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Erasure receipts ({@code erasure}, V16): a subject is kept only as its HMAC key. */
@Repository
class ErasureRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ErasureRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @return whether this call made the receipt (false: the same erasure was asked before) */
    boolean open(UUID tenant, String subjectKey, String kind, String requestedBy) {
        return jdbc.sql("""
                insert into erasure (id, tenant_id, subject_key, kind, requested_by)
                values (:id, :tenant, :subject, :kind, :requestedBy)
                on conflict (tenant_id, subject_key) do nothing""")
                .param("id", UUID.randomUUID()).param("tenant", tenant).param("subject", subjectKey).param("kind", kind)
                .param("requestedBy", requestedBy).update() == 1;
    }

    UUID idOf(UUID tenant, String subjectKey) {
        return jdbc.sql("select id from erasure where tenant_id = :tenant and subject_key = :subject")
                .param("tenant", tenant).param("subject", subjectKey).query(UUID.class).single();
    }

    void complete(UUID id, Map<String, Object> steps, List<String> pseudonyms) {
        jdbc.sql("update erasure set completed_at = now(), steps = :steps::jsonb, pseudonyms = :pseudonyms where id = :id")
                .param("steps", json.writeValueAsString(steps)).param("pseudonyms", pseudonyms.toArray(String[]::new))
                .param("id", id).update();
    }

    void stopped(UUID id, Map<String, Object> steps) {
        jdbc.sql("update erasure set steps = :steps::jsonb where id = :id")
                .param("steps", json.writeValueAsString(steps)).param("id", id).update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from erasure where id = :id").param("id", id).update();
    }

    @SuppressWarnings("unchecked")
    Optional<ErasureReceipt> find(UUID tenant, UUID id) {
        return jdbc.sql("""
                select id, tenant_id, kind, requested_by, requested_at, completed_at, pseudonyms, steps::text as steps
                from erasure where id = :id and tenant_id = :tenant""")
                .param("id", id).param("tenant", tenant)
                .query((rs, i) -> new ErasureReceipt(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getString("kind"),
                        rs.getTimestamp("completed_at") == null ? ErasureReceipt.State.incomplete : ErasureReceipt.State.completed,
                        rs.getString("requested_by"), rs.getTimestamp("requested_at").toInstant(),
                        rs.getTimestamp("completed_at") == null ? null : rs.getTimestamp("completed_at").toInstant(),
                        List.of((String[]) rs.getArray("pseudonyms").getArray()),
                        json.readValue(rs.getString("steps"), Map.class)))
                .optional();
    }
}
