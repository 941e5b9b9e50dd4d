package com.crmtelephony.pbx.audit;

import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.audit.AuditEndpoints;
import com.crmtelephony.support.audit.AuditTrail;

/** What admin keys did in this service. */
@Tag(name = "audit")
@RestController
@RequestMapping("/pbx/audit")
class AuditController extends AuditEndpoints {

    AuditController(AuditTrail trail) {
        super(trail);
    }
}
