import { useEffect, useState } from 'react';
import type { DialTarget } from '../../../shared/contract/areas/calls';
import { useServices } from '../state/context';

/** How long typing must pause before the dialer asks main who the target is. */
export const RESOLVE_DEBOUNCE_MS = 350;

export type Resolution =
  | { state: 'idle' }
  | { state: 'looking'; input: string }
  | { state: 'done'; input: string; target: DialTarget }
  | { state: 'error'; input: string; message: string };

/** Resolves what is typed (calls.resolve) after a short pause; the latest input wins. */
export function useDialTarget(input: string): Resolution {
  const { api } = useServices();
  const [answer, setAnswer] = useState<Exclude<Resolution, { state: 'idle' | 'looking' }> | null>(
    null,
  );
  const trimmed = input.trim();
  const idle =
    trimmed === '' || (!/[a-z@]/i.test(trimmed) && trimmed.replace(/\D/g, '').length < 3);
  useEffect(() => {
    if (idle) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      void api.request('calls.resolve', { target: trimmed }).then((r) => {
        if (!current) return;
        setAnswer(
          r.ok
            ? { state: 'done', input: trimmed, target: r.value }
            : { state: 'error', input: trimmed, message: r.error.message },
        );
      });
    }, RESOLVE_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, trimmed, idle]);
  if (idle) return { state: 'idle' };
  if (answer?.input === trimmed) return answer;
  return { state: 'looking', input: trimmed };
}
