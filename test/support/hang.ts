/**
 * The ceiling a test may put on how long something takes: only there to turn a hang into a
 * failure, never a speed assertion (speed is measured in `npm run bench`), so generous
 * enough that no test fails because the machine is busy.
 */
export const HANG_MS = 30_000;
