package dev.anneal.system;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page: what Anneal is and where its API lives. */
@Controller
class HomeController {

    static final String HOME_VIEW = "home";

    @GetMapping("/")
    String home() {
        return HOME_VIEW;
    }
}
