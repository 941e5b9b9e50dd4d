package com.crmtelephony.pbx.cdr;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.service.registry.ImportHttpServices;

import com.crmtelephony.support.remote.RemoteCalls;

/** cdr-service, under its resilience instances (config-repo). */
@Component
@ImportHttpServices(group = CdrClient.CDR, types = CdrApi.class)
public class CdrClient {

    static final String CDR = "cdr-service";

    private final CdrApi cdr;
    private final RemoteCalls remote;

    CdrClient(CdrApi cdr, RemoteCalls remote) {
        this.cdr = cdr;
        this.remote = remote;
    }

    /**
     * Upserts call events in one transaction (a JSON array of the PBX's snake_case events, passed
     * on unchanged, in order); idempotent, and all or nothing: one invalid event refuses them all.
     */
    public void upsertAll(UUID tenant, String callsJson) {
        remote.run(CDR, () -> cdr.upsertAll(tenant, callsJson));
    }
}
