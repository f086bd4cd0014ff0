import type { KeyState } from '../../crypto/keystore.js';
import { type SigningAlgorithm, signingAlgorithms } from '../../crypto/signing-keys.js';
import { readFileSync } from 'node:fs';
import { parseKek } from '../../config/index.js';
import { adminMeta } from '../../services/audit.js';
import { rewrapSigningKeys } from '../../services/key-rewrap.js';
import { rotateSigningKey } from '../../services/key-rotation.js';
import { createStorage } from '../../store/index.js';
import type { SigningKeyRecord } from '../../domain/records.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { iso, table } from '../output.js';
import { keyView } from '../views.js';

/** The rule of `Keystore.stateOf`, over every stored key rather than the loaded ones. */
function stateOf(key: SigningKeyRecord, all: readonly SigningKeyRecord[], now: number): KeyState {
  if (key.activatesAt > now) return 'next';
  return all.some((k) => k.alg === key.alg && k.activatesAt > key.activatesAt && k.activatesAt <= now) ? 'retired' : 'active';
}

/** `latchkey keys list`. */
export const keysList: Command = {
  words: ['keys', 'list'],
  summary: 'List signing keys and their state (next, active, retired)',
  async run(_args, context) {
    const { storage, now } = await context.latchkey();
    const keys = await storage.signingKeys.list();
    const at = now();
    const views = keys.map((k) => keyView(k, stateOf(k, keys, at)));
    const rows = views.map((v) => [String(v.kid), String(v.alg), String(v.state), String(v.activates_at)]);
    return { json: views, text: table(['KID', 'ALG', 'STATE', 'ACTIVATES_AT'], rows, 'no signing keys') };
  },
};

function algorithmsOf(alg: string | undefined): readonly SigningAlgorithm[] {
  if (alg === undefined) return signingAlgorithms;
  if (!(signingAlgorithms as readonly string[]).includes(alg)) throw new UsageError(`--alg must be one of ${signingAlgorithms.join(', ')}, got '${alg}'`);
  return [alg as SigningAlgorithm];
}

/** `latchkey keys rotate`: adds the next key, which signs once every server has published it. */
export const keysRotate: Command = {
  words: ['keys', 'rotate'],
  summary: 'Add the next signing key (it activates after the JWKS cache and reload interval)',
  options: { alg: { type: 'string', value: 'ALG', help: `only this algorithm: ${signingAlgorithms.join(', ')} (default: all)` } },
  async run(args, context) {
    const algs = algorithmsOf(args.string('alg'));
    const { storage, config, now, auditor } = await context.latchkey();
    const kek = context.kek();
    const keys: SigningKeyRecord[] = [];
    for (const alg of algs) {
      const options = { kek, alg, jwksMaxAgeS: config.jwksMaxAgeS, keystoreReloadS: config.keystoreReloadS, now: now() };
      const key = await rotateSigningKey(storage.signingKeys, options);
      await auditor.record({ event: 'signing_key.added', outcome: 'success', detail: { kid: key.kid, alg: key.alg, activates_at: key.activatesAt } }, adminMeta);
      keys.push(key);
    }
    return {
      json: keys.map((k) => keyView(k, 'next')),
      text: keys.map((k) => `New ${k.alg} key ${k.kid} becomes active at ${iso(k.activatesAt)}`),
    };
  },
};

function readKekFile(args: { string(name: string): string | undefined }, option: string): Buffer {
  const file = args.string(option);
  if (!file) throw new UsageError(`--${option} is required`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read --${option} ${file}`);
  }
  return parseKek(text, `--${option}`);
}

/** `latchkey keys rewrap`: re-encrypts the private keys under a new KEK (then deploy the new LATCHKEY_KEK). */
export const keysRewrap: Command = {
  words: ['keys', 'rewrap'],
  summary: 'Re-encrypt the private signing keys under a new key-encryption key',
  options: {
    'old-kek-file': { type: 'string', value: 'PATH', required: true, help: 'file holding the current KEK (base64)' },
    'new-kek-file': { type: 'string', value: 'PATH', required: true, help: 'file holding the new KEK (base64, 32 bytes)' },
  },
  async run(args, context) {
    context.assertDatabaseExists();
    const oldKek = readKekFile(args, 'old-kek-file');
    const newKek = readKekFile(args, 'new-kek-file');
    const storage = createStorage(context.db());
    const kids = await rewrapSigningKeys(storage, oldKek, newKek);
    // No composed server here (its KEK may be the old one), so the row is written directly.
    const event = { event: 'signing_keys.rewrapped', outcome: 'success', detail: { kids } } as const;
    await storage.auditEvents.insertMany([{ at: Date.now(), ...event, clientId: null, subject: null, ...adminMeta }]);
    return { json: { rewrapped: kids }, text: [`Re-encrypted ${kids.length} key(s); now set LATCHKEY_KEK to the new KEK on every server.`] };
  },
};
