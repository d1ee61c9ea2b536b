/**
 * Who may use Anneal: users with a role (viewer, member, admin, each including the one before), passwords stored as
 * {@code DelegatingPasswordEncoder} hashes, and API tokens for scripts and CI, stored as SHA-256 hashes and found by
 * them. Uses nothing but Spring and the shared {@code web} vocabulary of bad requests and pages (credentials the
 * database cannot check are answered 503 by {@code system}, as any request the database cannot serve).
 */
@ApplicationModule(allowedDependencies = {"web"})
package dev.anneal.access;

import org.springframework.modulith.ApplicationModule;
