package com.crmtelephony.cdr.job;

import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.jobs.JobResource;
import com.crmtelephony.support.jobs.Jobs;

/** {@code GET /cdr/jobs/{id}}: the syncs started with {@code Prefer: respond-async}. */
@Tag(name = "jobs")
@RestController
@RequestMapping("/cdr")
class CdrJobs extends JobResource {

    CdrJobs(Jobs jobs) {
        super(jobs);
    }
}
