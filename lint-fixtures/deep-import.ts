// lint as: apps/api/src/lint-fixture-deep-import.ts
// expect: no-restricted-imports
// Reaching into a library's files instead of its entry ('#cdrs'), by path and by subpath.
import { decide } from '../../../libs/cdrs/src/cdr.decider.js';
import type { CdrReceivedData } from '#cdrs/cdr.js';

export const decideCdr = decide;
export type Received = CdrReceivedData;
