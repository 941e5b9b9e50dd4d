package com.crmtelephony.cdr.call;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * Calls as CSV (RFC 4180): the JSON's fields in its order and names, times as the JSON writes
 * them. Text a spreadsheet would run as a formula (a name starting {@code = + - @}) is written
 * with a leading apostrophe; numbers are digits and an optional {@code +}, and stay as they are.
 */
final class CallCsv {

    static final String MEDIA_TYPE = "text/csv;charset=UTF-8";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(CallResponse.TIME).withZone(ZoneOffset.UTC);

    private record Column(String name, Function<CallResponse, Object> value, boolean text) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("uuid", CallResponse::uuid, false),
            new Column("domainName", CallResponse::domainName, true),
            new Column("callerName", CallResponse::callerName, true),
            new Column("callerNumber", CallResponse::callerNumber, false),
            new Column("destinationNumber", CallResponse::destinationNumber, false),
            new Column("direction", CallResponse::direction, false),
            new Column("callStart", CallResponse::callStart, false),
            new Column("ringStart", CallResponse::ringStart, false),
            new Column("answerStart", CallResponse::answerStart, false),
            new Column("callEnd", CallResponse::callEnd, false),
            new Column("duration", CallResponse::duration, false),
            new Column("recording", CallResponse::recording, false),
            new Column("clickToCall", CallResponse::clickToCall, false),
            new Column("clickToCallData", CallResponse::clickToCallData, true),
            new Column("action", CallResponse::action, false));

    private CallCsv() {
    }

    static void header(Writer out) throws IOException {
        out.write(String.join(",", COLUMNS.stream().map(Column::name).toList()));
        out.write("\r\n");
    }

    static void row(Writer out, Call call) {
        CallResponse c = CallResponse.of(call);
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Column column = COLUMNS.get(i);
            Object value = column.value().apply(c);
            if (value != null) {
                line.append(field(value instanceof Instant t ? TIME.format(t) : value.toString(), column.text()));
            }
        }
        line.append("\r\n");
        try {
            out.write(line.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String field(String value, boolean text) {
        String v = text && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
