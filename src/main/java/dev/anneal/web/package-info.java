/**
 * What every module's web layer shares: the one vocabulary of field errors a request is refused in, and
 * the refusal of a caller past one of its limits. A shared module:
 * it uses nothing but Spring.
 */
@ApplicationModule(allowedDependencies = {})
package dev.anneal.web;

import org.springframework.modulith.ApplicationModule;
