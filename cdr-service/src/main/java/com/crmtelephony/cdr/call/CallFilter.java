package com.crmtelephony.cdr.call;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.crmtelephony.support.jdbc.TimeRanges;

/**
 * Which of a tenant's calls a list or an export is about; a null part does not filter.
 *
 * @param numbers   the forms in which the tenant's calls hold the asked number ({@link NumberForms}),
 *                  matched against either party
 * @param answered  whether the call was answered ({@code answerStart} set)
 * @param recording whether the call has a recording id
 */
public record CallFilter(Instant from, Instant to, Direction direction, Set<String> numbers, Boolean answered,
                         Boolean recording, CallAction action) {

    public static final CallFilter NONE = new CallFilter(null, null, null, null, null, null, null);

    public static CallFilter range(Instant from, Instant to) {
        return new CallFilter(from, to, null, null, null, null, null);
    }

    /** Appends {@code and ...} for each part given; their values to {@code args}. */
    void appendTo(StringBuilder sql, List<Object> args) {
        TimeRanges.append(sql, args, "call_start", from, to);
        if (direction != null) {
            sql.append(" and direction = ?");
            args.add(direction.wire());
        }
        if (numbers != null) {
            String[] forms = numbers.toArray(String[]::new);
            sql.append(" and (caller_number = any(?::text[]) or destination_number = any(?::text[]))");
            args.add(forms);
            args.add(forms);
        }
        if (answered != null) {
            sql.append(answered ? " and answer_start is not null" : " and answer_start is null");
        }
        if (recording != null) {
            sql.append(recording ? " and recording is not null" : " and recording is null");
        }
        if (action != null) {
            sql.append(" and action = ?");
            args.add(action.name());
        }
    }
}
