/**
 * A bounded set that forgets its oldest key first: memory of recent session ids, so a duplicate
 * notification starts nothing without the set growing with every notification ever received.
 */
export class RecentKeys {
  readonly #capacity: number;
  readonly #keys = new Set<string>();

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  add(key: string): void {
    this.#keys.delete(key);
    this.#keys.add(key);
    while (this.#keys.size > this.#capacity) {
      const oldest = this.#keys.values().next();
      if (oldest.done === true) break;
      this.#keys.delete(oldest.value);
    }
  }
}
