package com.crmtelephony.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The one machine credential of the registry or the config server (HTTP Basic), checked by a
 * constant-time comparison of SHA-256 digests. Its password is a high-entropy secret that no
 * person types, so a deliberately slow hash buys nothing; Spring Security's in-memory user would
 * upgrade it to BCrypt at its first use and pay tens of milliseconds on every heartbeat and
 * registry read of every client (issue 40: 21 % of a core at rest). Neither the name nor the
 * password is kept in clear.
 */
public final class MachineCredentials implements AuthenticationProvider {

    private final String name;
    private final byte[] expected;

    /** @throws IllegalArgumentException for a blank name or password: no default credential */
    public MachineCredentials(String name, String password) {
        if (name == null || name.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("spring.security.user.name and .password must be set (no default credential)");
        }
        this.name = name;
        this.expected = digest(name, password);
    }

    /** Name and password in one digest: one comparison, whichever of them is wrong. */
    private static byte[] digest(String name, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return sha256.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object credentials = authentication.getCredentials();
        String presented = credentials == null ? "" : credentials.toString();
        if (!MessageDigest.isEqual(expected, digest(authentication.getName(), presented))) {
            throw new BadCredentialsException("Bad credentials");
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null, List.of());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
