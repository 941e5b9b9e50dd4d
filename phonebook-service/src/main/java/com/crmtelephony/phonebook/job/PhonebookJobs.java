package com.crmtelephony.phonebook.job;

import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.jobs.JobResource;
import com.crmtelephony.support.jobs.Jobs;

/** {@code GET /phone_book/jobs/{id}}: the imports started with {@code Prefer: respond-async}. */
@Tag(name = "jobs")
@RestController
@RequestMapping("/phone_book")
class PhonebookJobs extends JobResource {

    PhonebookJobs(Jobs jobs) {
        super(jobs);
    }
}
