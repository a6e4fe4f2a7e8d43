package io.imagelake.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The internal tokens this service has verified, until each expires. The gateway relays one token per caller for a
 * while (it caches what it mints), so without this every request paid an RS256 verification: the hottest frame of
 * catalog-service's profile under the gateway bench ({@code BigInteger.oddModPow}). A token is a bearer string the
 * gateway signed; the same string verified once is the same claims until its {@code exp}, which bounds each entry
 * (and is checked again on every read against the lake's clock). Anything not cached goes to the real decoder.
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    VerifiedTokens(JwtDecoder verifier, Clock clock, long maxTokens) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> untilExpiry(jwt)))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = verified.getIfPresent(token);
        if (cached != null && clock.instant().isBefore(expiresAt(cached))) {
            return cached;
        }
        Jwt jwt = verifier.decode(token);
        verified.put(token, jwt);
        return jwt;
    }

    private Duration untilExpiry(Jwt jwt) {
        Duration left = Duration.between(clock.instant(), expiresAt(jwt));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Instant expiresAt(Jwt jwt) {
        // the decoder's validators refuse a token without exp; never cache one past now if it came through anyway
        return jwt.getExpiresAt() == null ? Instant.MIN : jwt.getExpiresAt();
    }
}
