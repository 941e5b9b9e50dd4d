package com.crmtelephony.cdr.followup;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.crmtelephony.cdr.tenant.TenantRepository;

/**
 * Follow-ups computed from the calls of a window (the last days, on the tenant's call_start
 * index), the numbers keyed as number_match knows them, so that +357 99 000001 and 0035799000001
 * are one caller.
 */
@Repository
class FollowUpRepository {

    /** As the column's default (V12): a tenant not stored yet has it too. */
    static final int DEFAULT_MINUTES = 15;

    /** The retention's statement for the marks past a tenant's period (parameters: tenant, days, batch). */
    static final String EXPIRED = """
            delete from follow_up_done where (tenant_id, key) in (
                select tenant_id, key from follow_up_done
                where tenant_id = ? and done_at < now() - make_interval(days => ?) limit ?)""";

    private final JdbcTemplate jdbc;
    private final TenantRepository tenants;

    FollowUpRepository(JdbcTemplate jdbc, TenantRepository tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    /** Callers with missed inbound calls not returned, whose last missed call is older than the tenant's minutes. */
    List<FollowUp> open(UUID tenant, Duration window, int limit) {
        return jdbc.query("""
                with keyed as (
                    select c.direction, c.call_start, c.answer_start, c.other, m.name,
                           coalesce(m.normalized, c.other) as key,
                           c.direction = 'inbound' and c.answer_start is null
                               and (c.call_end is not null or c.action = 'HANGUP') as missed
                    from (select *, case when direction = 'outbound' then destination_number else caller_number end as other
                          from call_record
                          where tenant_id = ? and call_start >= now() - make_interval(secs => ?)) c
                    left join number_match m on m.tenant_id = ? and m.number = c.other
                    where c.other is not null
                ),
                cleared as (
                    select key, max(at) as at from (
                        select key, coalesce(answer_start, call_start) as at from keyed where answer_start is not null
                        union all
                        select key, done_at from follow_up_done where tenant_id = ?) k
                    group by key
                )
                select k.key, (array_agg(k.other order by k.call_start desc))[1] as number,
                       (array_agg(k.name order by k.call_start desc) filter (where k.name is not null))[1] as contact,
                       count(*) as attempts, min(k.call_start) as first_attempt, max(k.call_start) as last_attempt
                from keyed k
                left join cleared c on c.key = k.key
                where k.missed and k.call_start > coalesce(c.at, '-infinity')
                group by k.key
                having max(k.call_start) < now() - make_interval(mins => ?)
                order by last_attempt desc
                limit ?""",
                (rs, i) -> new FollowUp(rs.getString("key"), rs.getString("number"), rs.getString("contact"),
                        rs.getInt("attempts"), rs.getTimestamp("first_attempt").toInstant(),
                        rs.getTimestamp("last_attempt").toInstant()),
                tenant, window.toSeconds(), tenant, tenant, minutes(tenant), limit);
    }

    /** The tenant's minutes; the default for a tenant not stored yet. */
    int minutes(UUID tenant) {
        return tenants.followUpMinutes(tenant).orElse(DEFAULT_MINUTES);
    }

    void setMinutes(UUID tenant, int minutes) {
        tenants.setFollowUpMinutes(tenant, minutes);
    }

    /** Marks the caller called back now: what was missed before this no longer lists it. */
    void done(UUID tenant, String key) {
        jdbc.update("insert into follow_up_done (tenant_id, key) values (?, ?)"
                + " on conflict (tenant_id, key) do update set done_at = now()", tenant, key);
    }

    /** The erasure's part: the called-back marks of the person's numbers (their keys are numbers) go. */
    int forget(UUID tenant, Collection<String> keys) {
        return jdbc.update("delete from follow_up_done where tenant_id = ? and key = any(?)", tenant, keys.toArray(String[]::new));
    }
}
