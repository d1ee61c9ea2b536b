package dev.anneal.access.web;

import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every page's header names who is signed in (and offers to sign out). */
@ControllerAdvice
class SignedInUser {

    @ModelAttribute("signedIn")
    String signedIn(Principal principal) {
        return principal == null ? null : principal.getName();
    }
}
