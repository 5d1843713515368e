/**
 * Runs `fn` over `items` with at most `limit()` in flight, asking again each time one finishes, so the
 * concurrency can follow a rate limiter that learns the server's numbers as the run goes. `fn` must not
 * reject: each item's failure is its own result.
 */
export function runPool<T>(
  items: readonly T[],
  limit: () => number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let active = 0;
    if (items.length === 0) return resolve();
    const launch = () => {
      while (active < Math.max(1, Math.floor(limit())) && next < items.length) {
        const index = next++;
        active++;
        void fn(items[index]!, index)
          .catch(() => undefined)
          .finally(() => {
            active--;
            if (next >= items.length && active === 0) resolve();
            else launch();
          });
      }
    };
    launch();
  });
}
