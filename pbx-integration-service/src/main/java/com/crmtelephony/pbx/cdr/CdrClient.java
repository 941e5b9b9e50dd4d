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

    /** Upserts one call event (the PBX's snake_case JSON, passed on unchanged); idempotent. */
    public void upsert(UUID tenant, String callJson) {
        remote.call(CDR, () -> {
            cdr.upsert(tenant, callJson);
            return null;
        });
    }
}
