import type { VerifiedAccessToken } from './access-token.js';
import { invalidToken } from './errors.js';

/**
 * The acting party of a delegated token (RFC 8693 §4.1 `act`): who acts on the subject's behalf,
 * and in `act` the party that acted before it. Only the outermost actor counts for access control.
 */
export interface Actor {
  /** The actor's `sub`: for a Latchkey client, its client id. */
  sub: string;
  /** The actor's `client_id`, when the token names it. */
  clientId?: string;
  /** The actor before this one, if the chain is longer. */
  act?: Actor;
}

/** Options of `requireToken()` about delegated tokens. */
export interface DelegationRequirement {
  /** `refuse`: a delegated token (one with `act`) is answered 401 `invalid_token`. Default `allow`. */
  delegation?: 'allow' | 'refuse';
  /** The token must be delegated, and its outermost actor's `sub` one of these (e.g. the front-end API's client id). */
  actors?: string[];
}

const maxChain = 16;

/** Reads an `act` claim; `undefined` when absent, `null` when malformed (not an object with a non-empty `sub`, or too deep). */
export function readActor(value: unknown, depth = 0): Actor | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || depth >= maxChain) return null;
  const { sub, client_id: clientId, act } = value as Record<string, unknown>;
  if (typeof sub !== 'string' || sub === '' || (clientId !== undefined && typeof clientId !== 'string')) return null;
  const previous = readActor(act, depth + 1);
  if (previous === null) return null;
  return { sub, ...(clientId === undefined ? {} : { clientId }), ...(previous === undefined ? {} : { act: previous }) };
}

/** Checks a route's delegation requirement, throwing the RFC 6750 `invalid_token` it is answered with. */
export function assertDelegation(token: Pick<VerifiedAccessToken, 'act'>, requirement: DelegationRequirement): void {
  if (requirement.delegation === 'refuse' && token.act !== undefined) throw invalidToken('Delegated tokens are not accepted here.');
  if (requirement.actors !== undefined && (token.act === undefined || !requirement.actors.includes(token.act.sub))) {
    throw invalidToken('The token is not delegated to an accepted actor.');
  }
}
