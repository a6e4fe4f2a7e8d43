package io.imagelake.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    /** The real decoder's contract at the boundary: verifies, or throws for a bad or expired token. */
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new BadJwtException("signature");
        }
        Instant expiresAt = Instant.parse("2026-12-05T12:05:00Z");
        if (!clock.instant().isBefore(expiresAt)) {
            throw new BadJwtException("expired");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .claim("tenant", "acme")
                .issuedAt(Instant.parse("2026-12-05T12:00:00Z"))
                .expiresAt(expiresAt)
                .build();
    };

    private final VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 1000);

    @Test
    void aRelayedTokenIsVerifiedOnceUntilItExpires() {
        Jwt first = tokens.decode("token-a");
        Jwt again = tokens.decode("token-a");

        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndRefused() {
        tokens.decode("token-b");
        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> tokens.decode("token-b")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverCached() {
        assertThatThrownBy(() -> tokens.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("bad-token")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }
}
