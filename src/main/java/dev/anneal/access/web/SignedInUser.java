package dev.anneal.access.web;

import dev.anneal.access.Actor;
import dev.anneal.access.Role;
import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every page's header names who is signed in (a link to their profile, and a way to sign out), and pages show launch
 * controls only to those who may launch (a viewer sees none) and the users page only to admins.
 */
@ControllerAdvice
class SignedInUser {

    @ModelAttribute("signedIn")
    String signedIn(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    @ModelAttribute("managesUsers")
    boolean managesUsers(Principal principal) {
        return principal != null && Actor.of(principal).isAdmin();
    }

    @ModelAttribute("mayLaunch")
    boolean mayLaunch(Principal principal) {
        return principal != null && Actor.of(principal).role().includes(Role.MEMBER);
    }
}
