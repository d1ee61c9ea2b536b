package dev.anneal.web;

/**
 * Marks a controller that answers people with pages: its errors are pages in the site's layout too, with the same
 * specific reasons the API gives, never problem+json.
 */
public interface PageController {}
