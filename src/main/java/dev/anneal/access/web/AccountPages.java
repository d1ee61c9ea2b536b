package dev.anneal.access.web;

import dev.anneal.access.Actor;
import dev.anneal.access.ApiTokens;
import dev.anneal.access.Role;
import dev.anneal.access.TokenScope;
import dev.anneal.access.Users;
import dev.anneal.web.PageController;
import java.security.Principal;
import java.util.Arrays;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The pages of accounts: one's profile with one's API tokens, and the admins' page of users. Both are forms over the
 * REST API ({@code /api/tokens}, {@code /api/users}), which their scripts call through {@code api.js}; the pages
 * give them the addresses and the choices.
 */
@Controller
class AccountPages implements PageController {

    @GetMapping("/profile")
    String profile(Principal principal, Model model) {
        var actor = Actor.of(principal);
        model.addAttribute("actor", actor);
        model.addAttribute("role", actor.role().apiName());
        model.addAttribute(
                "scopes",
                TokenScope.offeredTo(actor.role()).stream()
                        .map(TokenScope::apiName)
                        .toList());
        model.addAttribute("maxDays", ApiTokens.MAX_DAYS);
        model.addAttribute("minLength", Users.MIN_PASSWORD_LENGTH);
        model.addAttribute("seesEveryone", actor.isAdmin());
        return "profile";
    }

    @GetMapping("/admin/users")
    String users(Principal principal, Model model) {
        model.addAttribute("actor", Actor.of(principal));
        model.addAttribute(
                "roles", Arrays.stream(Role.values()).map(Role::apiName).toList());
        model.addAttribute("minLength", Users.MIN_PASSWORD_LENGTH);
        return "users";
    }
}
