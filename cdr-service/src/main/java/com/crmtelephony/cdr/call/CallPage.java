package com.crmtelephony.cdr.call;

import java.util.List;

/** One page of calls; {@code next} the cursor of the page after it, null when none follows. */
record CallPage(List<Call> calls, CallCursor next) {
}
