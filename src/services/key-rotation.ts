import type { KeyState } from '../crypto/keystore.js';
import { generateSigningKey, type SigningAlgorithm, signingAlgorithms } from '../crypto/signing-keys.js';
import type { SigningKeyStore } from '../store/signing-keys.js';
import type { SigningKeyRecord } from '../domain/records.js';
import { AdminInputError } from './admin-errors.js';
import { type AdminActor, type Auditor, cliActor, recordAdminChange } from './audit.js';

/**
 * Stores the next key for `alg`. It becomes the signer only after every server
 * has published it: the JWKS max-age plus the keystore reload interval (plus a
 * small margin), so no verifier meets an unknown `kid`.
 */
export async function rotateSigningKey(
  store: SigningKeyStore,
  options: { kek: Buffer; alg: SigningAlgorithm; jwksMaxAgeS: number; keystoreReloadS: number; now: number },
): Promise<SigningKeyRecord> {
  const leadMs = (options.jwksMaxAgeS + options.keystoreReloadS + 5) * 1000;
  const key = await generateSigningKey(options.alg, options.kek, options.now, options.now + leadMs);
  await store.insert(key);
  return key;
}

/** A signing key's public facts and state; never its key material. */
export interface SigningKeyInfo {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly state: KeyState;
  readonly activatesAt: number;
  readonly createdAt: number;
}

/** The rule of `Keystore.stateOf`, over every stored key rather than the loaded ones. */
function stateOf(key: SigningKeyRecord, all: readonly SigningKeyRecord[], now: number): KeyState {
  if (key.activatesAt > now) return 'next';
  return all.some((k) => k.alg === key.alg && k.activatesAt > key.activatesAt && k.activatesAt <= now) ? 'retired' : 'active';
}

const infoOf = (key: SigningKeyRecord, state: KeyState): SigningKeyInfo => ({ kid: key.kid, alg: key.alg, state, activatesAt: key.activatesAt, createdAt: key.createdAt });

/** The signing keys as the CLI and the admin API manage them: listed by state, rotated with an audit event each. */
export class SigningKeys {
  constructor(
    private readonly deps: {
      store: SigningKeyStore;
      kek: Buffer;
      jwksMaxAgeS: number;
      keystoreReloadS: number;
      auditor: Auditor;
      now: () => number;
    },
  ) {}

  async list(): Promise<SigningKeyInfo[]> {
    const keys = await this.deps.store.list();
    const now = this.deps.now();
    return keys.map((key) => infoOf(key, stateOf(key, keys, now)));
  }

  /** Adds the next key of `alg` (default: every algorithm); each activates once every server has published it. */
  async rotate(alg?: string, actor: AdminActor = cliActor): Promise<SigningKeyInfo[]> {
    if (alg !== undefined && !(signingAlgorithms as readonly string[]).includes(alg)) {
      throw new AdminInputError(`the algorithm must be one of ${signingAlgorithms.join(', ')}, got '${alg}'`);
    }
    const algs = alg === undefined ? signingAlgorithms : [alg as SigningAlgorithm];
    const added: SigningKeyInfo[] = [];
    for (const each of algs) {
      const { kek, jwksMaxAgeS, keystoreReloadS } = this.deps;
      const key = await rotateSigningKey(this.deps.store, { kek, alg: each, jwksMaxAgeS, keystoreReloadS, now: this.deps.now() });
      await recordAdminChange(this.deps.auditor, { event: 'signing_key.added', outcome: 'success', detail: { kid: key.kid, alg: key.alg, activates_at: key.activatesAt } }, actor);
      added.push(infoOf(key, 'next'));
    }
    return added;
  }
}
