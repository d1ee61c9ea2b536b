/** Configuration and cross-cutting wiring: the embedded-PostgreSQL default, error handling, the home page. */
package dev.anneal.system;
