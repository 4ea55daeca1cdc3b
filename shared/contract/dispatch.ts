import { isErrorCode } from './errors';
import type { Handlers } from './handlers';
import { isRequestName, requests } from './requests';
import { err, ok, YakkerError, type Result } from './result';

/** What a host reports about failures it turned into `internal` (a bug, logged in main). */
export type InternalErrorSink = (name: string, error: unknown) => void;

/**
 * The one way a request reaches a handler, for every host: the name must be in the contract,
 * the input must parse, and whatever happens comes back as a Result, never a throw.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  input: unknown,
  onInternal: InternalErrorSink = () => undefined,
): Promise<Result<unknown>> {
  if (!isRequestName(name)) {
    return err('unknown-request', `There is no request called ${describe(name)}.`);
  }
  const parsed = requests[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return err(
      'bad-request',
      `The ${name} request was malformed${where}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    return ok(requests[name].output.parse(value));
  } catch (error) {
    if (error instanceof YakkerError && isErrorCode(error.code))
      return err(error.code, error.message);
    onInternal(name, error);
    return err('internal', `Something went wrong inside Yakker while handling ${name}.`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 64));
  return typeof value;
}
