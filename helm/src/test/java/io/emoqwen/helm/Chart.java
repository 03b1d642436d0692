package io.emoqwen.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test, rendered and linted with helm-java's embedded Helm (no helm binary). A {@link Values}
 * names one values file layered over the chart's defaults, the way {@code helm -f} does.
 */
final class Chart {

  static final Path DIR = Path.of(System.getProperty("chart.dir", "emotion-qwen-platform")).toAbsolutePath();
  static final Path EXAMPLES = DIR.resolveSibling("examples");
  static final String RELEASE = "emoqwen";
  static final String NAMESPACE = "emoqwen";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String HOOK = "helm.sh/hook";
  private static final String HOOK_IN_COPY = "rendered-in-test.emoqwen.io/hook";
  private static final Path WORK = createWorkDir();

  private Chart() {}

  /** A values file over the defaults, or none for the defaults alone. */
  record Values(String label, Path file) {
    static final Values DEFAULTS = new Values("default values", null);
    static final Values GPU = new Values("GPU values", EXAMPLES.resolve("values-gpu.yaml"));
    static final Values MINIMAL = new Values("minimal values", EXAMPLES.resolve("values-minimal.yaml"));

    static Values inline(String label, String yaml, Path dir) {
      try {
        Path file = Files.createTempFile(dir, "values-", ".yaml");
        Files.writeString(file, yaml);
        return new Values(label, file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static Rendered template(Values values) {
    return template(values, Map.of());
  }

  /**
   * helm-java's template returns the release manifest without hooks (like {@code helm template --no-hooks}), so
   * it renders a copy whose hook annotations carry another name; the rendered text gets the real name back.
   */
  static Rendered template(Values values, Map<String, Object> sets) {
    Path chart = copy(DIR, WORK, HOOK, HOOK_IN_COPY);
    var template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (values.file() != null) {
      template = template.withValuesFile(values.file());
    }
    for (var set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return Rendered.parse(template.call().replace(HOOK_IN_COPY, HOOK));
  }

  /**
   * helm-java's lint reads only the chart's own values.yaml, so a values file is linted the way Helm would see
   * it after {@code -f}: merged over the defaults in a copy of the chart.
   */
  static LintResult lint(Values values, Path workDir) {
    Path chart = values.file() == null ? DIR : copyWithValues(values.file(), workDir);
    return new Helm(chart).lint().strict().call();
  }

  private static Path copyWithValues(Path valuesFile, Path workDir) {
    try {
      Path copy = copy(DIR, workDir, HOOK, HOOK);
      Map<String, Object> merged = merge(readYaml(DIR.resolve("values.yaml")), readYaml(valuesFile));
      YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the chart in which templates have {@code from} replaced by {@code to}. */
  private static Path copy(Path chart, Path workDir, String from, String to) {
    try {
      Path copy = Files.createTempDirectory(workDir, "chart-").resolve(chart.getFileName());
      try (Stream<Path> files = Files.walk(chart)) {
        for (Path source : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(chart.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else if (source.getParent().endsWith("templates")) {
            Files.writeString(target, Files.readString(source).replace(from, to));
          } else {
            Files.copy(source, target);
          }
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createWorkDir() {
    try {
      Path dir = Path.of(System.getProperty("chart.work.dir", System.getProperty("java.io.tmpdir")));
      Files.createDirectories(dir);
      return Files.createTempDirectory(dir, "chart-renders-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readYaml(Path file) throws IOException {
    Map<String, Object> map = YAML.readValue(file.toFile(), Map.class);
    return map == null ? new LinkedHashMap<>() : map;
  }

  /** Helm's coalescing: maps merge key by key, anything else in the override wins, null deletes. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    var merged = new LinkedHashMap<>(base);
    override.forEach(
        (key, value) -> {
          if (value == null) {
            merged.remove(key);
          } else if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
            merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }
}
