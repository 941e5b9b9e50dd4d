package com.crmtelephony.pbx.connection;

import com.crmtelephony.pbx.PbxIntegrationProperties;

/** Connections built from configuration alone, their registry never answering. */
public final class ConnectionsTestAccess {

    private ConnectionsTestAccess() {
    }

    public static Connections withoutRegistry(PbxIntegrationProperties properties) {
        return new Connections(null, properties, "lb://mock-pbx");
    }
}
