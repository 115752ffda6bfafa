// lint as: libs/cdrs/src/lint-fixture-wrong-way.ts
// expect: no-restricted-imports
// A library reaching into an app: the arrow must point apps -> projections -> libs.
import { createApp } from '../../../apps/api/src/main.js';

export const app = createApp;
