/**
 * Reads a value from the page until it equals `expected` or the time is up, then asserts
 * once more so a failure shows jest's diff. The console updates asynchronously (a closing
 * tab leaves the DOM after its animation, a table shows "Loading…" first): a single read
 * right after an action races the page.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (Date.now() > deadline || JSON.stringify(value) === JSON.stringify(expected)) {
      expect(value).toEqual(expected);
      return;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
