package dev.anneal.access;

/** What a request needs to be let through. */
public enum Requirement {
    /** Nothing: the sign-in and setup pages, static assets, the health status. */
    ANYONE,
    /** Any signed-in user or token, whatever the role: one's own tokens. */
    SIGNED_IN,
    /** At least a viewer's role: reading. */
    VIEWER,
    /** At least a member's role: launching, and acting on one's own runs (whose ownership the domain checks). */
    MEMBER,
    /** An admin: users, and everyone's tokens. */
    ADMIN
}
