/** A fixed-capacity ring: pushing past capacity overwrites the oldest entry. No allocation per push. */
export type Ring<T> = {
  push: (item: T) => void;
  /** Oldest first. */
  toArray: () => T[];
  readonly size: number;
  clear: () => void;
};

/** A ring holding the newest `capacity` items. */
export const createRing = <T>(capacity: number): Ring<T> => {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
  let items: (T | undefined)[] = new Array<T | undefined>(capacity);
  let start = 0;
  let size = 0;
  return {
    push: (item) => {
      items[(start + size) % capacity] = item;
      if (size < capacity) size += 1;
      else start = (start + 1) % capacity;
    },
    toArray: () => Array.from({ length: size }, (_, i) => items[(start + i) % capacity] as T),
    get size() {
      return size;
    },
    clear: () => {
      items = new Array<T | undefined>(capacity);
      start = 0;
      size = 0;
    },
  };
};
