package com.crmtelephony.cdr.call;

public enum Direction {
    INBOUND, OUTBOUND;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
