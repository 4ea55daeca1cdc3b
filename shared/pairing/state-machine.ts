/** A tiny explicit state machine: string-literal states and a table of legal edges. */
export class IllegalTransitionError extends Error {
  constructor(from: string, to: string) {
    super(`illegal pairing transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export class StateMachine<S extends string> {
  private current: S;

  constructor(
    initial: S,
    private readonly edges: Readonly<Record<S, readonly S[]>>,
  ) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  can(to: S): boolean {
    return this.edges[this.current].includes(to);
  }

  transition(to: S): void {
    if (!this.can(to)) throw new IllegalTransitionError(this.current, to);
    this.current = to;
  }
}
