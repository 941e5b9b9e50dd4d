package com.crmtelephony.tenant.audit;

import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.audit.AuditEndpoints;
import com.crmtelephony.support.audit.AuditTrail;

/** What admin keys did in the registry: every registry write is one of theirs. */
@Tag(name = "audit")
@RestController
@RequestMapping("/tenants/audit")
class AuditController extends AuditEndpoints {

    AuditController(AuditTrail trail) {
        super(trail);
    }
}
