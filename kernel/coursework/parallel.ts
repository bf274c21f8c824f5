/**
 * Grading N submissions at once: `jobs` workers take submissions in order from one queue, and each one,
 * as it takes a submission, starts the kernel of the submission it will most likely take next (the
 * one `jobs` places further on), so a kernel boots while earlier cells run. Results come back in the
 * order of the items, whatever order they finished in.
 *
 * @example
 *   const reports = await inParallel(submissions, 2, (s) => startKernelFor(s), (s, kernel) => grade(s, kernel));
 */

/** Something started ahead for an item (a kernel), and how to let it go when it is not used. */
export interface Ahead<K> {
  value: Promise<K>;
  discard(value: K): Promise<void>;
}

export async function inParallel<T, K, R>(
  items: T[],
  jobs: number,
  startAhead: (item: T) => Ahead<K> | null,
  work: (item: T, ahead: Promise<K> | undefined) => Promise<R>,
  onResult: (result: R, index: number) => void = () => undefined,
): Promise<R[]> {
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`jobs must be a whole number of at least 1, not ${jobs}`);
  const started = new Map<number, Ahead<K> | null>();
  const ensure = (index: number) => {
    if (index >= items.length || started.has(index)) return;
    const ahead = startAhead(items[index]);
    ahead?.value.catch(() => undefined); // a failed start is reported where the item is worked on
    started.set(index, ahead);
  };
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;

  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      ensure(index);
      ensure(index + jobs);
      try {
        results[index] = await work(items[index], started.get(index)?.value);
        started.delete(index);
        onResult(results[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  // Kernels started for items nobody took (after a failure): shut them down.
  for (const [index, ahead] of started) {
    if (!ahead || index < next) continue;
    await ahead.value.then((value) => ahead.discard(value)).catch(() => undefined);
  }
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}
