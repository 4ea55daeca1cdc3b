/** A malformed packet or record. Caught at the resolver boundary; never escapes resolve(). */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}
