/**
 * Timeout for tests that load fixtures and run real models: they take seconds alone, but several
 * engineers' suites share two cores, so a slow machine must not turn into a failure.
 */
export const PARITY_TIMEOUT_MS = 300_000;
