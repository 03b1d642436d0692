package io.emoqwen.api.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console (module web, served from classpath:/META-INF/resources/) routes on the client: a reload or a
 * shared link to one of its pages loads index.html, which then draws the page. API paths are not touched.
 */
@Hidden
@Controller
class SpaFallbackController {

  @GetMapping({"/signin", "/t", "/t/**"})
  String console() {
    return "forward:/index.html";
  }
}
