package dev.anneal.database;

/**
 * Marks work done for readers outside a web request (the live streams' ticker): it takes its connections from the
 * web pool, under the web pool's statement timeout, as the request it serves would.
 */
public final class Readers {

    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    private Readers() {}

    /** Runs {@code work} on this thread with the web pool's connections. */
    public static void run(Runnable work) {
        boolean outer = ACTIVE.get();
        ACTIVE.set(true);
        try {
            work.run();
        } finally {
            ACTIVE.set(outer);
        }
    }

    static boolean active() {
        return ACTIVE.get();
    }
}
