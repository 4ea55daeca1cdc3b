/** The `code` a promise rejects with ('no error' when it resolves), for error-code assertions. */
export function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      return typeof code === 'string' ? code : `not coded: ${String(error)}`;
    },
  );
}
