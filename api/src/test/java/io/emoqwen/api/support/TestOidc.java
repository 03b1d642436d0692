package io.emoqwen.api.support;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The identity provider of the tests: its own RSA key signs access tokens, and the gateway's JwtDecoder
 * trusts that key's public half (what an issuer-uri's JWKS would give it). So OIDC is on in every test.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestOidc {

  public static final String ISSUER = "https://idp.emoqwen.test";
  private static final KeyPair TRUSTED = rsa();

  @Bean
  JwtDecoder jwtDecoder() {
    return NimbusJwtDecoder.withPublicKey((RSAPublicKey) TRUSTED.getPublic()).build();
  }

  /** An access token of the trusted provider. */
  public static String token(String subject, String email, List<String> roles) {
    return sign(TRUSTED, subject, email, roles, Instant.now().plusSeconds(300));
  }

  /** A token signed by a key the gateway does not trust. */
  public static String forgedToken(String subject, String email, List<String> roles) {
    return sign(rsa(), subject, email, roles, Instant.now().plusSeconds(300));
  }

  public static String expiredToken(String subject, String email, List<String> roles) {
    return sign(TRUSTED, subject, email, roles, Instant.now().minusSeconds(600));
  }

  private static String sign(KeyPair keys, String subject, String email, List<String> roles, Instant expiresAt) {
    RSAKey jwk = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate())
        .keyID("test").build();
    NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
    JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject(subject)
        .issuedAt(expiresAt.minusSeconds(900)).expiresAt(expiresAt)
        .claims(c -> c.putAll(Map.of("email", email, "emoqwen_roles", roles))).build();
    return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId("test").build(),
        claims)).getTokenValue();
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
