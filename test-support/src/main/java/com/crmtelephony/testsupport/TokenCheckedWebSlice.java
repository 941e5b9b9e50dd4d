package com.crmtelephony.testsupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Base of the services' web-slice tests ({@code @WebMvcTest} of one controller): the services'
 * token check, which service-support adds to every such slice, trusts the test signers' keys.
 */
public abstract class TokenCheckedWebSlice {

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @Autowired
    protected MockMvc mvc;
}
