import type { JWTVerifyGetKey } from 'jose';
import type { VerifiedAccessToken } from './access-token.js';

/** Fetch the issuer's JWKS from this URL and cache it (see `jwks-cache.ts` for the policy). */
export interface JwksUriKeySource {
  /** `https` URL of the JWKS; plain `http` is allowed for loopback hosts only. */
  jwksUri: string;
}

/** Resolve verification keys yourself, e.g. from the keystore when running inside Latchkey. */
export interface GetKeySource {
  /** A jose key resolver; a thrown jose error means invalid_token, anything else goes to `next(err)`. */
  getKey: JWTVerifyGetKey;
}

/** Ask the authorization server about each token (RFC 7662 token introspection). */
export interface IntrospectionRevocation {
  introspection: {
    /** `https` URL of the introspection endpoint; plain `http` is allowed for loopback hosts only. */
    endpoint: string;
    /** Client id of this resource server, sent with HTTP Basic authentication. */
    clientId: string;
    /** Client secret of this resource server. */
    clientSecret: string;
  };
}

/** Decide revocation with your own look-up, e.g. Latchkey's store of revoked `jti` values. */
export interface CallbackRevocation {
  /** Resolves `true` when the token is revoked. A rejection is passed to `next(err)` unchanged. */
  isRevoked(token: VerifiedAccessToken): Promise<boolean>;
}

/** Options of `createResourceServer()`. Invalid options throw a `TypeError` at creation. */
export interface ResourceServerOptions {
  /** The exact `iss` the tokens must carry. */
  issuer: string;
  /** The `aud` value that identifies this resource server; tokens must list it. */
  audience: string;
  /**
   * Accepted JWS algorithms, default `['ES256']`. Only asymmetric algorithms are allowed: `none`
   * and `HS*` are refused at creation (RFC 8725 §2.1, §3.1).
   */
  algorithms?: string[];
  /** Where verification keys come from. */
  keys: JwksUriKeySource | GetKeySource;
  /** How revoked tokens are detected. Default: none, local verification only. */
  revocation?: IntrospectionRevocation | CallbackRevocation;
  /** The `realm` of the `WWW-Authenticate` challenge, default `'latchkey'`. */
  realm?: string;
  /** Leeway in seconds for `exp`, `nbf` and `iat` checks, default 5, at most 300. */
  clockToleranceS?: number;
  /** The clock in epoch milliseconds, default `Date.now`; inject one to test expiry without waiting. */
  now?: () => number;
}
