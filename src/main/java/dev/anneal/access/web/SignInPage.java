package dev.anneal.access.web;

import dev.anneal.access.Users;
import dev.anneal.web.PageController;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security's form login checks what it posts to {@code /login}. */
@Controller
class SignInPage implements PageController {

    private final Users users;

    SignInPage(Users users) {
        this.users = users;
    }

    @GetMapping("/login")
    String signIn(HttpServletRequest request, Model model) {
        var session = request.getSession(false);
        var failure = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (failure instanceof LockedException locked) {
            model.addAttribute("locked", locked.getMessage()); // says until when, unlike a wrong password
        }
        model.addAttribute("noAccounts", !users.anyExist());
        return "login";
    }
}
