package dev.anneal.access.web;

import dev.anneal.access.AccessRule;
import dev.anneal.access.AccessRules;
import dev.anneal.access.ApiTokens;
import dev.anneal.access.SignInAttempts;
import dev.anneal.access.ThrottledPasswords;
import dev.anneal.access.TokenGuesses;
import dev.anneal.access.Users;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security for Anneal: every request is decided by {@link AccessRules} (one no rule names needs a signed-in
 * user, and finds nothing),
 * roles form a hierarchy (admin ⊃ member ⊃ viewer), people sign in with a form and a session, scripts with an API
 * token as a bearer token or as a Basic password. The API answers problem details (401 with
 * {@code WWW-Authenticate}, 403 saying what was missing); pages send a signed-out visitor to the sign-in page.
 * CSRF protects every state-changing request a session makes; a request that carries its own credentials (a token,
 * Basic) is judged by them alone, never by a session beside them ({@link CredentialsOverSession}), and needs none.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain filterChain(
            HttpSecurity http,
            OpaqueTokenIntrospector tokens,
            ApiTokens apiTokens,
            UserDetailsService accounts,
            SignInAttempts attempts,
            TokenGuesses guesses,
            Users users,
            PasswordEncoder passwordEncoder,
            ApiProblems problems,
            ChangedAccountSessions changedAccounts,
            ApplicationEventPublisher events)
            throws Exception {
        var passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(passwordEncoder);
        // "disabled" only for a caller who proved the password: before it, an account's state is nobody's business
        passwords.setPreAuthenticationChecks(user -> {});
        passwords.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
        // one manager for every way in: a token as a Basic password, a bearer token, a user's password
        var manager = new ProviderManager(
                apiTokens.asBasicPasswords(),
                new OpaqueTokenAuthenticationProvider(tokens),
                new ThrottledPasswords(passwords, attempts));
        manager.setAuthenticationEventPublisher(
                new DefaultAuthenticationEventPublisher(events)); // AccessLog hears them
        http.authenticationManager(manager);
        http.authorizeHttpRequests(requests -> {
            AccessRules.ALL.forEach(rule -> authorize(requests, rule));
            // whatever no rule names is no endpoint (AccessRulesTests holds every mapped one to a rule): a signed-in
            // user learns it is not there (404), anyone else is asked to sign in first
            requests.anyRequest().authenticated();
        });
        http.formLogin(form -> form.loginPage("/login")
                .successHandler(PasswordChangeRequired.onSignIn(users))
                .permitAll());
        // every user's sessions in a registry (any number each), so that an admin's change to an account ends them
        http.sessionManagement(sessions -> sessions.maximumSessions(-1)
                .sessionRegistry(changedAccounts.registry())
                .expiredSessionStrategy(changedAccounts));
        http.logout(logout -> logout.logoutSuccessUrl("/login?signed-out").permitAll());
        http.httpBasic(basic -> basic.authenticationEntryPoint(problems));
        http.oauth2ResourceServer(bearer ->
                bearer.opaqueToken(opaque -> opaque.introspector(tokens)).authenticationEntryPoint(problems));
        var contexts = new CredentialsOverSession();
        http.securityContext(context -> context.securityContextRepository(contexts));
        http.csrf(csrf -> csrf.ignoringRequestMatchers(
                CredentialsOverSession::carriesCredentials, SecurityConfiguration::sessionlessApiCall));
        http.addFilterBefore(new TokenGuessLimit(guesses, problems), BasicAuthenticationFilter.class);
        http.addFilterAfter(new PasswordChangeRequired(problems), AuthorizationFilter.class);
        http.addFilterBefore(new PasswordOnlyForTokens(problems), BasicAuthenticationFilter.class);
        RequestMatcher api = request -> AccessRules.isApi(request.getRequestURI());
        http.exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(problems, api)
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                .defaultAccessDeniedHandlerFor(problems, request -> true));
        return http.build();
    }

    /** Tells the session registry of sessions that time out or are signed out, so it does not keep them for ever. */
    @Bean
    static HttpSessionEventPublisher sessionEvents() {
        return new HttpSessionEventPublisher();
    }

    /** admin ⊃ member ⊃ viewer: what a role may do, the roles above it may too. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_MEMBER\nROLE_MEMBER > ROLE_VIEWER");
    }

    private static void authorize(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
            AccessRule rule) {
        var matcher = rule.method() == null
                ? PathPatternRequestMatcher.withDefaults().matcher(rule.pattern())
                : PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.valueOf(rule.method()), rule.pattern());
        var allowed = requests.requestMatchers(matcher);
        switch (rule.requirement()) {
            case ANYONE -> allowed.permitAll();
            case SIGNED_IN -> allowed.authenticated();
            case VIEWER -> allowed.hasRole("VIEWER");
            case MEMBER -> allowed.hasRole("MEMBER");
            case ADMIN -> allowed.hasRole("ADMIN");
        }
    }

    /**
     * An API call with no session cookie: nothing for a forged request to ride on, so it is asked to authenticate
     * (401) rather than refused for a CSRF token it could never have had.
     */
    private static boolean sessionlessApiCall(HttpServletRequest request) {
        return AccessRules.isApi(request.getRequestURI())
                && request.getRequestedSessionId() == null
                && request.getSession(false) == null;
    }
}
