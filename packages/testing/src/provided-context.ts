// What the integration project's global setup hands to tests via inject().
import type { BriskEndpoint } from './brisk-instance.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    brisk: BriskEndpoint;
  }
}
