/**
 * Simulated time one `docker` invocation takes on top of what it waits for: a real
 * client needs tens of milliseconds to connect, ask and print, and things go on
 * meanwhile (a started process runs, a file written twice gets two mtimes).
 * The runner (simHost.ts) and the page's terminal both add it.
 */
export const COMMAND_LATENCY_MS = 10;
