package io.emoqwen.core.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 protocol server (s3proxy) keeping objects on the local disk, for the standalone platform and the
 * tests. It checks AWS signatures like the real service, with credentials made up at each start and held only
 * in memory: nothing outside this JVM needs them, and presigned URLs carry their own signature.
 */
public final class EmbeddedS3Server implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);

  private final S3Proxy proxy;
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;

  private EmbeddedS3Server(S3Proxy proxy, URI endpoint, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts on {@code port} (0: any free port) serving the buckets under {@code directory}. */
  public static EmbeddedS3Server start(Path directory, int port) {
    try {
      Files.createDirectories(directory);
      String accessKey = "embedded-" + randomHex(8);
      String secretKey = randomHex(24);
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()))
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              .ignoreUnknownHeaders(true)
              // The console PUTs upload parts straight to presigned URLs, from the gateway's origin: allow it,
              // and let it read the ETag it must hand back when completing the upload.
              .corsRules(new CrossOriginResourceSharing(List.of("*"), List.of("GET", "PUT", "POST", "HEAD"),
                  List.of("*"), List.of("ETag"), "false"))
              .build();
      proxy.start();
      while (!proxy.getState().equals("STARTED")) {
        Thread.sleep(10);
      }
      URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
      log.info("embedded S3 at {} with objects in {}", endpoint, directory);
      return new EmbeddedS3Server(proxy, endpoint, accessKey, secretKey);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded S3 in " + directory, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the embedded S3 in " + directory, e);
    }
  }

  private static String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return HexFormat.of().formatHex(value);
  }

  public URI endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the embedded S3", e);
    }
  }
}
