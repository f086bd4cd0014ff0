import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/** What a ceremony answer may get wrong on purpose, or how the authenticator behaves. */
export interface AnswerOptions {
  /** The origin in the client data (default: the authenticator's). */
  origin?: string;
  /** The RP ID whose hash goes into the authenticator data (default: the options'). */
  rpId?: string;
  /** User verified (the UV flag); default true. */
  userVerified?: boolean;
  /** A signature over other bytes. */
  bogusSignature?: boolean;
  /** The sign counter to report (default: one more than the last, or 0 for a synced passkey). */
  signCount?: number;
  /** Another challenge than the options'. */
  challenge?: string;
  /** Another user handle than the credential's. */
  userHandle?: string;
  /** `create` only: register the credential made earlier at this index again (as if excludeCredentials were ignored). */
  again?: number;
}

interface Credential {
  id: Buffer;
  key: KeyObject;
  userHandle: string;
  signCount: number;
}

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (bytes: Uint8Array | Buffer | string) => createHash('sha256').update(bytes).digest();

/**
 * A software WebAuthn authenticator for API tests: P-256 keys (ES256), attestation `none`, resident
 * credentials, user verification by default. It builds the exact bytes a browser and an authenticator
 * send (CBOR attestation object, authenticator data, client data JSON, DER signature), so the server's
 * checks run unchanged. The e2e tests use Chromium's virtual authenticator instead.
 */
export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(
    readonly origin: string,
    /** A synced passkey (BE and BS flags, counter always 0), else device-bound with a counter. */
    readonly synced = false,
  ) {}

  /** `navigator.credentials.create()`: a new credential and its registration response. */
  create(options: PublicKeyCredentialCreationOptionsJSON, answer: AnswerOptions = {}): RegistrationResponseJSON {
    const earlier = answer.again === undefined ? undefined : this.credentials[answer.again];
    const privateKey = earlier?.key ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x as string, 'base64url')],
      [-3, Buffer.from(jwk.y as string, 'base64url')],
    ]);
    const id = earlier?.id ?? randomBytes(32);
    const credential: Credential = { id, key: privateKey, userHandle: options.user.id, signCount: 0 };
    const attested = Buffer.concat([Buffer.alloc(16), Buffer.from([0, id.length]), id, Buffer.from(isoCBOR.encode(cose))]);
    const authData = this.authenticatorData(answer.rpId ?? options.rp.id ?? '', credential, answer, attested);
    const clientDataJSON = this.clientData('webauthn.create', answer.challenge ?? options.challenge, answer);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    if (!earlier) this.credentials.push(credential);
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** `navigator.credentials.get()`: an assertion by the first allowed credential (any, for a discoverable request). */
  get(options: PublicKeyCredentialRequestOptionsJSON, answer: AnswerOptions = {}): AuthenticationResponseJSON {
    const allowed = (options.allowCredentials ?? []).map((c) => c.id);
    const credential = this.credentials.find((c) => allowed.length === 0 || allowed.includes(b64url(c.id)));
    if (!credential) throw new Error('no credential for this request');
    const authData = this.authenticatorData(answer.rpId ?? options.rpId ?? '', credential, answer);
    const clientDataJSON = this.clientData('webauthn.get', answer.challenge ?? options.challenge, answer);
    const signed = Buffer.concat([authData, sha256(clientDataJSON)]);
    const signature = sign('sha256', answer.bogusSignature ? Buffer.concat([signed, Buffer.from([1])]) : signed, credential.key);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: answer.userHandle ?? credential.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private clientData(type: string, challenge: string, answer: AnswerOptions): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: answer.origin ?? this.origin, crossOrigin: false }), 'utf8');
  }

  /** WebAuthn §6.1: rpIdHash, flags (UP, UV, BE, BS, AT), signCount, then the attested credential data. */
  private authenticatorData(rpId: string, credential: Credential, answer: AnswerOptions, attested?: Buffer): Buffer {
    const uv = answer.userVerified ?? true;
    const flags = 0x01 | (uv ? 0x04 : 0) | (this.synced ? 0x08 | 0x10 : 0) | (attested ? 0x40 : 0);
    if (answer.signCount !== undefined) credential.signCount = answer.signCount;
    else if (!this.synced && !attested) credential.signCount += 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.synced && answer.signCount === undefined ? 0 : credential.signCount);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }
}
