/**
 * Who may use Anneal: users with a role (viewer, member, admin, each including the one before), passwords stored as
 * {@code DelegatingPasswordEncoder} hashes, and API tokens for scripts and CI, stored as SHA-256 hashes and found by
 * them. Uses nothing but Spring, and the shared {@code database} module's notion of an outage (credentials that
 * cannot be checked answer 503, as any request the database cannot serve), and the shared {@code web} vocabulary of
 * bad requests and pages.
 */
@ApplicationModule(allowedDependencies = {"database", "web"})
package dev.anneal.access;

import org.springframework.modulith.ApplicationModule;
