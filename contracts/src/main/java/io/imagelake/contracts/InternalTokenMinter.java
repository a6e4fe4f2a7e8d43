package io.imagelake.contracts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Mints the lake's internal tokens (RS256, {@link InternalTokens}) with the one RSA key that the
 * gateway instances (and a service that calls another) share as configuration, and publishes its
 * public half as a JWKS. The key id is the key's RFC 7638 thumbprint, so every instance with the
 * same key serves the same JWKS and a rotated key is told apart.
 */
public final class InternalTokenMinter {

    private final RSAKey key;
    private final RSASSASigner signer;
    private final Duration ttl;
    private final Clock clock;

    public InternalTokenMinter(RSAPrivateCrtKey privateKey, Duration ttl, Clock clock) {
        try {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RSAKey withoutId = new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
            this.key = new RSAKey.Builder(withoutId).keyIDFromThumbprint().build();
            this.signer = new RSASSASigner(key);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("unusable internal signing key", e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The same key with another lifetime (tests make expired tokens this way). */
    public InternalTokenMinter(InternalTokenMinter minter, Duration ttl) {
        this.key = minter.key;
        this.signer = minter.signer;
        this.ttl = ttl;
        this.clock = minter.clock;
    }

    /** The signing key itself (private part included): for tests that sign tokens the minter would not. */
    public RSAKey signingKey() {
        return key;
    }

    /** From a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}). */
    public static InternalTokenMinter fromPemFile(Path file, Duration ttl, Clock clock) {
        try {
            String pem = Files.readString(file)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            var spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem));
            return new InternalTokenMinter(
                    (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec), ttl, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the internal signing key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 PEM RSA private key", e);
        }
    }

    /** A token for {@code subject} acting for {@code tenant} with {@code scopes}. */
    public String mint(String subject, String tenant, Collection<String> scopes) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(InternalTokens.ISSUER)
                .audience(InternalTokens.AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim(InternalTokens.TENANT_CLAIM, tenant)
                .claim(InternalTokens.SCOPE_CLAIM, String.join(" ", scopes))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an internal token", e);
        }
        return jwt.serialize();
    }

    /** The public JWKS, as the services fetch it. */
    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    /** A fresh 2048-bit key as PKCS#8 PEM: what devstack writes once into {@code .lake/}. */
    public static String newPemKey() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(encoded)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
