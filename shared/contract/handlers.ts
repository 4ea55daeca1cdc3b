import type { RequestName, RequestOutput, Requests } from './requests';
import type { z } from 'zod';

/**
 * The main-side implementation of the contract: one function per request. Because this is a
 * mapped type over every request name, an object missing a handler does not compile.
 */
export type Handlers = {
  [K in RequestName]: (input: z.output<Requests[K]['input']>) => Promise<RequestOutput<K>>;
};
