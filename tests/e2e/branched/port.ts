/**
 * Where the test build (this folder) is served: far from E2E_PORT, so that suites run side
 * by side on neighbouring ports do not collide.
 */
export const BRANCHED_PORT = Number(process.env.E2E_BRANCHED_PORT ?? Number(process.env.E2E_PORT ?? 4183) + 1000);
