/**
 * Remembers which deliveries this instance already completed, so a redelivery (SQS is
 * at-least-once; sqsd may time out after the work was done) answers 200 without running twice.
 *
 * The interface is async so a shared store (Redis, DynamoDB) can implement it for several
 * instances; the default is bounded in memory and forgets the oldest ids first.
 */
export interface CompletedStore {
  has(key: string): Promise<boolean>;
  add(key: string): Promise<void>;
}

export class InMemoryCompletedStore implements CompletedStore {
  // A Map keeps insertion order, which makes "forget the oldest" a matter of deleting the first key.
  private readonly keys = new Map<string, true>();

  constructor(private readonly maxKeys: number) {}

  has(key: string): Promise<boolean> {
    return Promise.resolve(this.keys.has(key));
  }

  add(key: string): Promise<void> {
    if (this.maxKeys === 0) return Promise.resolve();
    this.keys.delete(key);
    this.keys.set(key, true);
    if (this.keys.size > this.maxKeys) {
      const oldest = this.keys.keys().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    return Promise.resolve();
  }

  get size(): number {
    return this.keys.size;
  }
}
