import { isIP } from 'node:net';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { WebAuthnSettings } from '../config/index.js';
import { randomId, sha256Hex } from '../crypto/random.js';
import type { UserRecord } from '../domain/records.js';
import type { PasskeyRecord, PasskeyStore } from '../store/passkeys.js';
import type { WebAuthnCeremony, WebAuthnChallengeStore } from '../store/webauthn-challenges.js';
import type { Stores } from '../store/index.js';
import { type BeforeAtomicStep, noBeforeAtomicStep } from './atomic-step-hook.js';

/** A credential the authenticator just created, checked and ready to be stored. */
export type NewPasskey = Omit<PasskeyRecord, 'name' | 'createdAt' | 'lastUsedAt'>;

/** A checked assertion: whose passkey it was and what it proves (RFC 8176 `hwk`/`swk`, `user`). */
export interface VerifiedPasskey {
  readonly userId: string;
  readonly passkeyId: string;
  /** Backup eligible: a synced passkey (`swk`); otherwise bound to one device (`hwk`). */
  readonly synced: boolean;
  readonly userVerified: boolean;
}

/** Why an assertion was refused (for the audit trail only; the user sees one message). */
export type PasskeyRefusal = { readonly kind: 'refused'; readonly reason: string; readonly userId?: string };

/** What {@link WebAuthnCeremonies} is built from. */
export interface WebAuthnCeremonyDependencies {
  readonly passkeys: PasskeyStore;
  readonly challenges: WebAuthnChallengeStore;
  readonly webauthn: WebAuthnSettings;
  /** The relying party's name the browser shows (the brand name). */
  readonly rpName: string;
  readonly now: () => number;
  /** How long a challenge may be answered, in seconds. */
  readonly challengeTtlS: number;
  /** Tests only: see {@link BeforeAtomicStep}. */
  readonly beforeAtomicStep?: BeforeAtomicStep;
  /** The stores the test hook is given. */
  readonly stores: Stores;
}

/** COSE algorithms accepted (WebAuthn §5.8.5): ES256, EdDSA, RS256. */
const algorithms = [-7, -8, -257];

/** WebAuthn §5.8.4 transports: the browser says which; only these names are kept (the list is the client's to write). */
const transports = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

function knownTransports(given: unknown): string[] {
  return Array.isArray(given) ? [...new Set(given.filter((t): t is string => typeof t === 'string' && transports.has(t)))] : [];
}

/** WebAuthn's user handle (§5.4.3): the user's id, which holds no personal data. */
export function userHandleOf(userId: string): string {
  return Buffer.from(userId, 'utf8').toString('base64url');
}

/** The challenge a response answers, read from its client data; undefined when the response is malformed. */
function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string | undefined {
  const encoded = response.response?.clientDataJSON;
  if (typeof encoded !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) return undefined;
  try {
    const clientData: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    const challenge = (clientData as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && challenge.length > 0 ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** A form field holding a credential as JSON (WebAuthn §5.1 `toJSON()`), or undefined. */
function parseCredential<T>(raw: string): T | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const { id, type, response } = parsed as { id?: unknown; type?: unknown; response?: unknown };
    return typeof id === 'string' && type === 'public-key' && typeof response === 'object' && response !== null ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The two WebAuthn ceremonies with `@simplewebauthn/server`: registration (§7.1) and authentication
 * (§7.2). Each challenge is kept on the server, bound to the interaction or session that asked for it,
 * and taken away by the response that answers it, right or wrong. User verification is required in
 * both, origin and RP ID are checked, and the sign counter is the one the authenticator reported.
 */
export class WebAuthnCeremonies {
  constructor(private readonly deps: WebAuthnCeremonyDependencies) {}

  /** Whether browsers can use passkeys here at all: WebAuthn refuses an IP address as RP ID (§5.1.3). */
  get offered(): boolean {
    return isIP(this.deps.webauthn.rpId) === 0;
  }

  /** Options for `navigator.credentials.create()`: a resident key preferred, the user's passkeys excluded. */
  async registrationOptions(user: Pick<UserRecord, 'id' | 'username' | 'name'>, boundTo: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.deps.passkeys.listForUser(user.id);
    const options = await generateRegistrationOptions({
      rpName: this.deps.rpName,
      rpID: this.deps.webauthn.rpId,
      userName: user.username,
      userID: Buffer.from(user.id, 'utf8'),
      userDisplayName: user.name || user.username,
      timeout: this.deps.challengeTtlS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      supportedAlgorithmIDs: algorithms,
    });
    await this.keep(options.challenge, boundTo, 'registration', user.id);
    return options;
  }

  /** Checks a registration response against the challenge bound to `boundTo`; the passkey to store, or a refusal. */
  async verifyRegistration(userId: string, boundTo: string, raw: string): Promise<NewPasskey | PasskeyRefusal> {
    const response = parseCredential<RegistrationResponseJSON>(raw);
    if (!response) return { kind: 'refused', reason: 'malformed', userId };
    const challenge = await this.take(response, boundTo, 'registration', userId);
    if (!challenge) return { kind: 'refused', reason: 'challenge', userId };
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.deps.webauthn.origin,
        expectedRPID: this.deps.webauthn.rpId,
        requireUserVerification: true,
        supportedAlgorithmIDs: algorithms,
      });
    } catch {
      return { kind: 'refused', reason: 'verification', userId };
    }
    if (!verified.verified) return { kind: 'refused', reason: 'verification', userId };
    const info = verified.registrationInfo;
    if (await this.deps.passkeys.findByCredentialIdHash(sha256Hex(info.credential.id))) return { kind: 'refused', reason: 'duplicate', userId };
    return {
      id: randomId(),
      userId,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      signCount: info.credential.counter,
      transports: knownTransports(response.response.transports),
      backupEligible: info.credentialDeviceType === 'multiDevice',
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
    };
  }

  /**
   * Options for `navigator.credentials.get()`. For a second factor the user's passkeys are allowed; for a
   * passwordless sign-in (`userId` null) none are listed, so the browser offers discoverable credentials.
   */
  async authenticationOptions(boundTo: string, userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const allowed = userId === null ? [] : await this.deps.passkeys.listForUser(userId);
    const options = await generateAuthenticationOptions({
      rpID: this.deps.webauthn.rpId,
      allowCredentials: allowed.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
      timeout: this.deps.challengeTtlS * 1000,
      userVerification: 'required',
    });
    await this.keep(options.challenge, boundTo, 'authentication', userId);
    return options;
  }

  /**
   * Checks an assertion against the challenge bound to `boundTo` and records the use. With `userId`, the
   * passkey must be that user's (a second factor); without, any user's (passwordless).
   */
  async verifyAuthentication(boundTo: string, raw: string, userId: string | null): Promise<VerifiedPasskey | PasskeyRefusal> {
    const response = parseCredential<AuthenticationResponseJSON>(raw);
    if (!response) return { kind: 'refused', reason: 'malformed', ...(userId ? { userId } : {}) };
    const passkey = await this.deps.passkeys.findByCredentialIdHash(sha256Hex(response.id));
    // The challenge goes whatever the response: it answers once, right or wrong.
    const challenge = await this.take(response, boundTo, 'authentication', userId);
    const owner = userId ?? passkey?.userId;
    if (!challenge) return { kind: 'refused', reason: 'challenge', ...(owner ? { userId: owner } : {}) };
    if (!passkey || (userId !== null && passkey.userId !== userId)) return { kind: 'refused', reason: 'unknown_credential', ...(userId ? { userId } : {}) };
    // WebAuthn §7.2 step 6: a user handle, when given, must be the owner's.
    const handle = response.response.userHandle;
    if (handle !== undefined && handle !== null && handle !== userHandleOf(passkey.userId)) return { kind: 'refused', reason: 'user_handle', userId: passkey.userId };
    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.deps.webauthn.origin,
        expectedRPID: this.deps.webauthn.rpId,
        credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.signCount, transports: passkey.transports },
        requireUserVerification: true,
      });
    } catch {
      // A bad signature, no user verification, another origin or RP ID, or a counter that went back (§6.1.1).
      return { kind: 'refused', reason: 'verification', userId: passkey.userId };
    }
    if (!verified.verified) return { kind: 'refused', reason: 'verification', userId: passkey.userId };
    const info = verified.authenticationInfo;
    const recorded = await this.deps.passkeys.recordUse(passkey.id, passkey.signCount, { signCount: info.newCounter, backedUp: info.credentialBackedUp, at: this.deps.now() });
    if (!recorded) return { kind: 'refused', reason: 'counter', userId: passkey.userId };
    return { userId: passkey.userId, passkeyId: passkey.id, synced: passkey.backupEligible, userVerified: info.userVerified };
  }

  private async keep(challenge: string, boundTo: string, ceremony: WebAuthnCeremony, userId: string | null): Promise<void> {
    await this.deps.challenges.replace({ challengeHash: sha256Hex(challenge), boundTo, ceremony, userId, expiresAt: this.deps.now() + this.deps.challengeTtlS * 1000 });
  }

  /** Takes the response's challenge away; it must have been issued to `boundTo`, for this ceremony and user. */
  private async take(response: { response?: { clientDataJSON?: unknown } }, boundTo: string, ceremony: WebAuthnCeremony, userId: string | null): Promise<string | undefined> {
    const challenge = challengeOf(response);
    if (!challenge) return undefined;
    await (this.deps.beforeAtomicStep ?? noBeforeAtomicStep)('webauthn_challenge.consume', this.deps.stores);
    return (await this.deps.challenges.consume(sha256Hex(challenge), boundTo, ceremony, userId, this.deps.now())) ? challenge : undefined;
  }
}
