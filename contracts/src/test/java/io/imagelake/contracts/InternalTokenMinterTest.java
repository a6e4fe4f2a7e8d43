package io.imagelake.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalTokenMinterTest {

    @Test
    void aTokenCarriesTheCallerAndVerifiesAgainstThePublishedJwksOnly(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("key.pem"), InternalTokenMinter.newPemKey());
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        InternalTokenMinter minter = InternalTokenMinter.fromPemFile(pem, Duration.ofMinutes(5), clock);

        SignedJWT token =
                SignedJWT.parse(minter.mint("key:abc", "acme", List.of(Scopes.IMAGES_READ, Scopes.STATS_READ)));
        RSAKey published = (RSAKey) JWKSet.parse(minter.jwks()).getKeys().getFirst();

        assertThat(published.isPrivate()).isFalse();
        assertThat(token.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(token.verify(new RSASSAVerifier(published))).isTrue();
        var claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(InternalTokens.ISSUER);
        assertThat(claims.getAudience()).containsExactly(InternalTokens.AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo("key:abc");
        assertThat(claims.getStringClaim(InternalTokens.TENANT_CLAIM)).isEqualTo("acme");
        assertThat(claims.getStringClaim(InternalTokens.SCOPE_CLAIM)).isEqualTo("images:read stats:read");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));
    }

    @Test
    void everyInstanceWithTheSameKeyPublishesTheSameKeyIdAndAnotherKeyAnother(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("key.pem"), InternalTokenMinter.newPemKey());
        Path other = Files.writeString(dir.resolve("other.pem"), InternalTokenMinter.newPemKey());

        String first = JWKSet.parse(InternalTokenMinter.fromPemFile(pem, Duration.ofMinutes(5), Clock.systemUTC())
                        .jwks())
                .getKeys()
                .getFirst()
                .getKeyID();
        String second = JWKSet.parse(InternalTokenMinter.fromPemFile(pem, Duration.ofMinutes(5), Clock.systemUTC())
                        .jwks())
                .getKeys()
                .getFirst()
                .getKeyID();
        String rotated = JWKSet.parse(InternalTokenMinter.fromPemFile(other, Duration.ofMinutes(5), Clock.systemUTC())
                        .jwks())
                .getKeys()
                .getFirst()
                .getKeyID();

        assertThat(second).isEqualTo(first);
        assertThat(rotated).isNotEqualTo(first);
    }
}
