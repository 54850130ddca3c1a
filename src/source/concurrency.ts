/**
 * Runs one task per key at a time and shares it: a caller asking for a key
 * whose task is still running gets the same promise instead of starting a
 * second one. Once the task settles the key is free again (results are not
 * kept here; the caller caches them where it wants).
 */
export class SharedTasks<T> {
  readonly #running = new Map<string, Promise<T>>();

  /** Starts `task` for `key`, or joins the run already in flight. */
  run(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.#running.get(key);
    if (running) return running;
    const started = task().finally(() => this.#running.delete(key));
    this.#running.set(key, started);
    return started;
  }

  /** Number of keys with a task in flight. */
  get size(): number {
    return this.#running.size;
  }
}

/**
 * Serializes tasks per key: tasks with the same key run one after another in
 * call order; tasks with different keys run concurrently.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  async with<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
