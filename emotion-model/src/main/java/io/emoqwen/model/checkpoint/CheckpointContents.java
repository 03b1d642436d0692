package io.emoqwen.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.model.nn.ParameterLayout;
import io.emoqwen.model.nn.ParameterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The tensor table of a checkpoint directory, from its headers alone: shards named by
 * {@code model.safetensors.index.json}, or the lone {@code model.safetensors}.
 */
public record CheckpointContents(Path directory, Map<String, TensorEntry> tensors, List<Path> shards) {

  static final String INDEX = "model.safetensors.index.json";
  static final String SINGLE = "model.safetensors";

  public static CheckpointContents read(Path directory) throws IOException {
    Path index = directory.resolve(INDEX);
    Set<String> files = new LinkedHashSet<>();
    if (Files.exists(index)) {
      JsonNode map = new ObjectMapper().readTree(index.toFile()).get("weight_map");
      map.fields().forEachRemaining(e -> files.add(e.getValue().asText()));
    } else if (Files.exists(directory.resolve(SINGLE))) {
      files.add(SINGLE);
    } else {
      try (Stream<Path> listing = Files.list(directory)) {
        listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors")).sorted()
            .forEach(files::add);
      }
      if (files.isEmpty()) {
        throw new NoSuchFileException(directory + " holds no *.safetensors");
      }
    }
    Map<String, TensorEntry> tensors = new LinkedHashMap<>();
    List<Path> shards = new ArrayList<>();
    for (String file : files) {
      Path shard = directory.resolve(file);
      shards.add(shard);
      SafetensorsHeader header = SafetensorsHeader.read(shard);
      for (TensorEntry t : header.tensors()) {
        tensors.put(
            t.name(),
            new TensorEntry(t.name(), shard, t.type(), t.shape(), header.dataStart() + t.begin(),
                header.dataStart() + t.end()));
      }
    }
    return new CheckpointContents(directory, tensors, shards);
  }

  /**
   * Every disagreement with the layout: missing tensors, wrong shapes, byte ranges that do not fit the shape.
   * Tensors the layout does not know are returned by {@link #unexpected}, not counted here.
   */
  public List<String> problems(ParameterLayout layout) {
    List<String> problems = new ArrayList<>();
    for (ParameterSpec spec : layout.specs()) {
      TensorEntry t = tensors.get(spec.name());
      if (t == null) {
        problems.add(spec.name() + ": missing (config expects " + spec.shapeText() + ")");
      } else if (!Arrays.equals(t.shape(), spec.shape())) {
        problems.add(spec.name() + ": checkpoint has " + Arrays.toString(t.shape()) + ", config expects "
            + spec.shapeText());
      } else if (t.end() - t.begin() != t.elements() * t.type().bytes()) {
        problems.add(spec.name() + ": " + (t.end() - t.begin()) + " bytes do not hold " + t.type() + " "
            + spec.shapeText());
      }
    }
    return problems;
  }

  public List<String> unexpected(ParameterLayout layout) {
    return tensors.keySet().stream().filter(n -> !layout.contains(n)).toList();
  }
}
