/**
 * Runs tasks for one stream one after another, in arrival order, so the appends of one store
 * to one stream do not race each other for its tail; different streams run in parallel.
 */
export class StreamQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(stream: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(stream) ?? Promise.resolve();
    const result = previous.then(task, task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(stream, settled);
    // The last task of a stream removes its entry, so idle streams cost nothing.
    void settled.then(() => {
      if (this.tails.get(stream) === settled) this.tails.delete(stream);
    });
    return result;
  }
}
