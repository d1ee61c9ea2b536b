package dev.anneal.access;

import java.util.Locale;

/** What a user may do; each role includes everything the ones before it may. */
public enum Role {
    /** Reads everything. */
    VIEWER,
    /** Also launches runs, and cancels, resumes and edits their own. */
    MEMBER,
    /** Everything: users, and other people's runs and tokens. */
    ADMIN;

    /** Whether this role may do whatever {@code other} may. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The lesser of this role and {@code other}. */
    public Role atMost(Role other) {
        return includes(other) ? other : this;
    }

    /** The role as the API spells it: {@code "member"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
