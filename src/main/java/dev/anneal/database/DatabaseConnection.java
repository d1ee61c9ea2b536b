package dev.anneal.database;

/**
 * Where the PostgreSQL server is: the embedded one Anneal starts, or the one {@code SPRING_DATASOURCE_URL} names.
 *
 * @param url its JDBC URL
 * @param username the user to connect as
 * @param password that user's password; may be empty
 */
public record DatabaseConnection(String url, String username, String password) {}
