package dev.anneal.access.web;

import dev.anneal.access.FirstStartSetup;
import dev.anneal.access.InvalidAccessRequestException;
import dev.anneal.access.Users;
import dev.anneal.web.PageController;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The first-start page: the link from the start-up log opens it; it creates the first admin, once. */
@Controller
class SetupPage implements PageController {

    private final FirstStartSetup setup;

    SetupPage(FirstStartSetup setup) {
        this.setup = setup;
    }

    @GetMapping("/setup")
    String form(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
        var refusal = refusal(token, model, response);
        if (refusal != null) {
            return refusal;
        }
        model.addAttribute("token", token);
        model.addAttribute("minLength", Users.MIN_PASSWORD_LENGTH);
        return "setup";
    }

    @PostMapping("/setup")
    String create(
            @RequestParam(required = false) String token,
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String repeated,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        var refusal = refusal(token, model, response);
        if (refusal != null) {
            return refusal;
        }
        model.addAttribute("token", token);
        model.addAttribute("minLength", Users.MIN_PASSWORD_LENGTH);
        model.addAttribute("username", username);
        if (!password.equals(repeated)) {
            model.addAttribute("error", "The two passwords differ: type the same one twice.");
            return "setup";
        }
        try {
            var admin = setup.complete(token, username.strip(), password);
            redirect.addFlashAttribute("notice", "%s is the first admin: sign in.".formatted(admin.username()));
            return "redirect:/login";
        } catch (InvalidAccessRequestException e) {
            model.addAttribute("error", e.getMessage());
            return "setup";
        }
    }

    /**
     * The error page when the link cannot be used, or {@code null} when it can: 404 once setup is done (there is
     * nothing to set up), 403 for a link that is not this process's.
     */
    private static String refusalOf(HttpStatus status, String message, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("error", status.getReasonPhrase());
        model.addAttribute("message", message);
        return "error";
    }

    private String refusal(String token, Model model, HttpServletResponse response) {
        if (!setup.isOpen()) {
            return refusalOf(HttpStatus.NOT_FOUND, "Setup is done: the first admin exists.", model, response);
        }
        if (!setup.accepts(token)) {
            return refusalOf(
                    HttpStatus.FORBIDDEN,
                    "This setup link is not valid: use the one the server's log printed.",
                    model,
                    response);
        }
        return null;
    }
}
