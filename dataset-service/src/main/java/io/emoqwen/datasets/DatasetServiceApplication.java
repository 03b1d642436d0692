package io.emoqwen.datasets;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The dataset worker on its own (production): core's infrastructure plus the dataset role. */
@SpringBootApplication
public class DatasetServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(DatasetServiceApplication.class, args);
  }
}
