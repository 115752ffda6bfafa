import { eventIdFor } from '#event-store';
import { ciKey } from '#ocpi';
import type { ExceptionType } from './exception.js';

/**
 * An exception's id: a UUID v5 of its type and its subject's folded key (plus, for a stuck
 * session, the `last_updated` it was judged at), so detecting the same thing twice names the
 * same exception and raises nothing new.
 */
export function exceptionIdOf(
  type: ExceptionType,
  kind: 'cdr' | 'session',
  key: { readonly country_code: string; readonly party_id: string; readonly id: string },
  qualifier = '',
): string {
  const parts = [ciKey(key.country_code), ciKey(key.party_id), ciKey(key.id)];
  return eventIdFor('exception', type, kind, ...parts, qualifier);
}
