/**
 * Configuration and cross-cutting wiring: the embedded-PostgreSQL default, error handling (problem details for the
 * API, error pages for people), the security headers. The home page is the runs table, which the {@code run} module
 * serves with its other pages.
 */
@ApplicationModule(allowedDependencies = {"run", "database", "access", "web", "artifacts"})
package dev.anneal.system;

import org.springframework.modulith.ApplicationModule;
