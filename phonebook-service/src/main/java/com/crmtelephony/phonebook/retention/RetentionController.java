package com.crmtelephony.phonebook.retention;

import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.retention.RetentionEndpoints;
import com.crmtelephony.support.retention.TenantRetention;

/** The tenant's contacts: kept for days since each was last written. */
@Tag(name = "retention")
@RestController
@RequestMapping("/phone_book/retention")
class RetentionController extends RetentionEndpoints {

    RetentionController(TenantRetention retention) {
        super(retention);
    }
}
