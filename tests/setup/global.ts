/**
 * Global test setup: nothing shared yet. Services (Redis, Chromium) are found or installed by
 * tests/support/services.ts when a suite asks for them, and stopped by that suite.
 */
export default function setup(): void {}
