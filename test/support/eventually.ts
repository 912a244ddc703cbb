/**
 * Calls `check` until it returns true, and resolves with how long that took in milliseconds; fails
 * after `limitMs`, a bound far above what the contract allows, so a slow machine does not fail
 * it but a change that never arrives does.
 */
export async function untilTrue(
  check: () => Promise<boolean>,
  limitMs: number,
  description: string,
): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > limitMs) {
      throw new Error(`${description}: not seen within ${limitMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
