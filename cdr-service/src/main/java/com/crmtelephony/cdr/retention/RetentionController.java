package com.crmtelephony.cdr.retention;

import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.retention.RetentionEndpoints;
import com.crmtelephony.support.retention.TenantRetention;

/** The tenant's calls: kept for days from their start. */
@Tag(name = "retention")
@RestController
@RequestMapping("/cdr/retention")
class RetentionController extends RetentionEndpoints {

    RetentionController(TenantRetention retention) {
        super(retention);
    }
}
