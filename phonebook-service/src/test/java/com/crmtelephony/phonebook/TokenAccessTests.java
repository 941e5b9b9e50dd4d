package com.crmtelephony.phonebook;

import org.springframework.http.MediaType;

import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenAccessContract;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * phonebook-service trusts the gateway's tokens by their role (relayed by cdr-service on a
 * caller's behalf too), and cdr-service's own token for lookups only: its sync fills in names.
 */
class TokenAccessTests extends PhonebookServiceTest implements TokenAccessContract {

    @Override
    public Service service() {
        return new Service(mvc, () -> get("/phone_book/records"), "cdr-service", TestTokens.CDR,
                () -> post("/phone_book/records/lookup").header("tenant-uuid", TENANT.toString())
                .contentType(MediaType.APPLICATION_JSON).content("[\"35799123456\"]"));
    }
}
