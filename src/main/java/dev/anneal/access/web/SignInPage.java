package dev.anneal.access.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security's form login checks what it posts to {@code /login}. */
@Controller
class SignInPage {

    @GetMapping("/login")
    String signIn() {
        return "login";
    }
}
