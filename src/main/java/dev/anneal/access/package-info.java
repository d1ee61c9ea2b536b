/**
 * Who may use Anneal: users with a role (viewer, member, admin, each including the one before), passwords stored as
 * {@code DelegatingPasswordEncoder} hashes, and API tokens for scripts and CI, stored as SHA-256 hashes and found by
 * them. Uses nothing but Spring.
 */
@ApplicationModule(allowedDependencies = {})
package dev.anneal.access;

import org.springframework.modulith.ApplicationModule;
