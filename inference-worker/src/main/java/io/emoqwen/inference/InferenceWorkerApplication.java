package io.emoqwen.inference;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The inference worker on its own (the cluster role): the internal endpoint on port 8080, registered with the
 * worker registry under EMOQWEN_WORKER_HOST.
 */
@SpringBootApplication
public class InferenceWorkerApplication {

  public static void main(String[] args) {
    // Its own file name: on the standalone classpath an application.yml here would shadow the gateway's.
    new SpringApplicationBuilder(InferenceWorkerApplication.class)
        .properties("spring.config.name=inference-worker")
        .run(args);
  }
}
