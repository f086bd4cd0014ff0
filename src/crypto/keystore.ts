import { createPrivateKey, type KeyObject } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import type { SigningKeyRecord } from '../domain/records.js';
import type { SigningKeyStore } from '../store/signing-keys.js';
import { ConfigError } from '../config/settings.js';
import { decryptWithKek } from './key-encryption.js';
import { generateSigningKey, type SigningAlgorithm, signingAlgorithms } from './signing-keys.js';
import type { JsonWebKey as NodeJsonWebKey } from 'node:crypto';

type KeyLike = Awaited<ReturnType<typeof importJWK>>;

/** A key loaded into memory, with its lifecycle state at load time. */
export interface LoadedKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly activatesAt: number;
  /** When the next key took over; undefined while this key is next or active. */
  readonly supersededAt: number | undefined;
  readonly publicJwk: JWK;
  /** The private key, for node:crypto signing (see jws.ts). */
  readonly signingKeyObject: KeyObject;
  readonly publicKey: KeyLike;
}

/** Settings the keystore needs. */
export interface KeystoreOptions {
  readonly kek: Buffer;
  /** A retired key stays published this long after it stopped signing: the longest token lifetime plus skew (read at each reload). */
  readonly retireAfterS: number | (() => number);
  readonly reloadIntervalS: number;
  readonly now?: () => number;
}

/** Whether a key is yet to sign, signing, or only verifying (retired). */
export type KeyState = 'next' | 'active' | 'retired';

function supersededAt(key: SigningKeyRecord, all: SigningKeyRecord[], now: number): number | undefined {
  const successors = all.filter((k) => k.alg === key.alg && k.activatesAt > key.activatesAt && k.activatesAt <= now);
  return successors.length ? Math.min(...successors.map((k) => k.activatesAt)) : undefined;
}

/** Signing keys from the database, decrypted, with the next → active → retired rotation (reloaded periodically). */
export class Keystore {
  private keys: LoadedKey[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    private readonly store: SigningKeyStore,
    private readonly options: KeystoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Creates a key for every algorithm that has none, then loads. Safe to run from several processes. */
  async ensureKeys(): Promise<void> {
    const existing = await this.store.list();
    for (const alg of signingAlgorithms) {
      if (existing.some((k) => k.alg === alg)) continue;
      const now = this.now();
      await this.store.insert(await generateSigningKey(alg, this.options.kek, now, now));
    }
    await this.reload();
  }

  /** Reloads every key from the database. */
  async reload(): Promise<void> {
    const records = await this.store.list();
    const now = this.now();
    const retireAfterMs = this.retireAfterMs();
    const loaded: LoadedKey[] = [];
    for (const record of records) {
      const superseded = supersededAt(record, records, now);
      if (superseded !== undefined && superseded + retireAfterMs < now) continue;
      const privateJwk = JSON.parse(this.decryptPrivateKey(record.privateJwkEncrypted, record.kid)) as JWK;
      const publicJwk = JSON.parse(record.publicJwk) as JWK;
      loaded.push({
        kid: record.kid,
        alg: record.alg,
        activatesAt: record.activatesAt,
        supersededAt: superseded,
        publicJwk,
        signingKeyObject: createPrivateKey({ key: privateJwk as NodeJsonWebKey, format: 'jwk' }),
        publicKey: await importJWK(publicJwk, record.alg),
      });
    }
    this.keys = loaded;
  }

  /** AES-GCM's "Unsupported state or unable to authenticate data" means little to an operator: say which setting is wrong and what helps. */
  private decryptPrivateKey(sealed: string, kid: string): string {
    try {
      return decryptWithKek(this.options.kek, sealed, kid);
    } catch {
      throw new ConfigError(
        'LATCHKEY_KEK',
        `does not decrypt the stored signing keys (key ${kid}): they were encrypted under another key-encryption key. Set the KEK they were made with, or re-encrypt them from the old KEK to this one with \`latchkey keys rewrap --old-kek-file OLD --new-kek-file NEW\``,
      );
    }
  }

  /** Starts reloading every `reloadIntervalS`; errors are passed to `onError` and the old keys stay. */
  startReloading(onError: (error: unknown) => void): void {
    this.stopReloading();
    this.timer = setInterval(() => void this.reload().catch(onError), this.options.reloadIntervalS * 1000);
    this.timer.unref();
  }

  stopReloading(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  stateOf(key: LoadedKey, now = this.now()): KeyState {
    if (key.activatesAt > now) return 'next';
    const newer = this.keys.some((k) => k.alg === key.alg && k.activatesAt > key.activatesAt && k.activatesAt <= now);
    return newer ? 'retired' : 'active';
  }

  /** The key that signs now for `alg`: the newest one whose activation time has passed. */
  signingKey(alg: SigningAlgorithm): LoadedKey {
    const now = this.now();
    const candidates = this.keys.filter((k) => k.alg === alg && k.activatesAt <= now);
    const key = candidates.reduce<LoadedKey | undefined>((best, k) => (!best || k.activatesAt > best.activatesAt ? k : best), undefined);
    if (!key) throw new Error(`no active ${alg} signing key`);
    return key;
  }

  /** A published key by kid, for verification. */
  verificationKey(kid: string): LoadedKey | undefined {
    const now = this.now();
    return this.keys.find((k) => k.kid === kid && !this.expired(k, now));
  }

  /** Public keys to publish: next, active, and retired ones until their tokens have expired. */
  publicJwks(): JWK[] {
    const now = this.now();
    return this.keys.filter((k) => !this.expired(k, now)).map((k) => ({ ...k.publicJwk }));
  }

  /** True when every algorithm has a key that signs now. */
  isReady(): boolean {
    const now = this.now();
    return signingAlgorithms.every((alg) => this.keys.some((k) => k.alg === alg && k.activatesAt <= now));
  }

  private expired(key: LoadedKey, now: number): boolean {
    const newer = this.keys
      .filter((k) => k.alg === key.alg && k.activatesAt > key.activatesAt && k.activatesAt <= now)
      .map((k) => k.activatesAt);
    const retiredAt = newer.length ? Math.min(...newer) : key.supersededAt;
    return retiredAt !== undefined && retiredAt + this.retireAfterMs() < now;
  }

  private retireAfterMs(): number {
    const { retireAfterS } = this.options;
    return (typeof retireAfterS === 'function' ? retireAfterS() : retireAfterS) * 1000;
  }
}
