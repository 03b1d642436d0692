package io.emoqwen.tests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Entry point of {@code tests/bench/run}: runs one benchmark and prints its figures as the last line. */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: tests/bench/run NAME [--quick]");
      System.exit(2);
    }
    String name = args[0];
    boolean quick = Arrays.asList(args).contains("--quick");
    Benchmark benchmark = find(name);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("benchmark", name);
    figures.put("quick", quick);
    figures.putAll(benchmark.run(quick));
    System.out.flush();
    System.out.println(new ObjectMapper().writeValueAsString(figures));
    System.exit(0);
  }

  private static Benchmark find(String name) throws ReflectiveOperationException {
    String className =
        BenchMain.class.getPackageName()
            + "."
            + name.substring(0, 1).toUpperCase(Locale.ROOT)
            + name.substring(1)
            + "Benchmark";
    try {
      return (Benchmark) Class.forName(className).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      System.err.println("no benchmark named '" + name + "' (expected class " + className + ")");
      System.exit(2);
      throw e;
    }
  }
}
