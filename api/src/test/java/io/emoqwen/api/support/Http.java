package io.emoqwen.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client for tests: real requests against the running gateway, raw bytes when needed. */
public final class Http {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final String base;
  private final HttpClient client;
  private final CookieManager cookies;

  Http(String base) {
    this(base, CLIENT, null);
  }

  private Http(String base, HttpClient client, CookieManager cookies) {
    this.base = base;
    this.client = client;
    this.cookies = cookies;
  }

  /** A client that keeps cookies, like the console's browser. */
  static Http browser(String base) {
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    return new Http(base, HttpClient.newBuilder().cookieHandler(cookies).build(), cookies);
  }

  /** The value of a cookie this browser holds, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  public String base() {
    return base;
  }

  public HttpClient client() {
    return client;
  }

  /** How a request authenticates: headers to add. */
  public record Credentials(Map<String, String> headers) {
    public static Credentials apiKey(String key) {
      return new Credentials(Map.of("Authorization", "Bearer " + key));
    }

    public static Credentials none() {
      return new Credentials(Map.of());
    }

    public Credentials with(String header, String value) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(header, value);
      return new Credentials(all);
    }
  }

  public Response get(String path, Credentials credentials) {
    return send("GET", path, credentials, null, null);
  }

  public Response post(String path, Credentials credentials, Object body) {
    return send("POST", path, credentials, "application/json", bytes(body));
  }

  public Response put(String path, Credentials credentials, Object body) {
    return send("PUT", path, credentials, "application/json", bytes(body));
  }

  public Response delete(String path, Credentials credentials) {
    return send("DELETE", path, credentials, null, null);
  }

  public Response send(String method, String path, Credentials credentials, String contentType, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    credentials.headers().forEach(request::header);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(Object body) {
    if (body == null) {
      return new byte[0];
    }
    if (body instanceof byte[] raw) {
      return raw;
    }
    if (body instanceof String text) {
      return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response, with the asserts tests make about it. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

    public Response expect(int expected) {
      assertThat(status).as("status of a response with body %s", body).isEqualTo(expected);
      return this;
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** An RFC 9457 problem with this status. */
    public JsonNode expectProblem(int expected) {
      expect(expected);
      assertThat(header("Content-Type")).startsWith("application/problem+json");
      JsonNode problem = json();
      assertThat(problem.get("status").asInt()).isEqualTo(expected);
      assertThat(problem.has("title")).isTrue();
      return problem;
    }
  }
}
