import { signingAlgorithms } from '../../crypto/signing-keys.js';
import { readFileSync } from 'node:fs';
import { parseKek } from '../../config/index.js';
import { adminMeta } from '../../services/audit.js';
import { rewrapKekSecrets } from '../../services/key-rewrap.js';
import { createStorage } from '../../store/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { iso, table } from '../output.js';
import { keyView } from '../views.js';

/** `latchkey keys list`. */
export const keysList: Command = {
  words: ['keys', 'list'],
  summary: 'List signing keys and their state (next, active, retired)',
  async run(_args, context) {
    const views = (await (await context.latchkey()).signingKeys.list()).map(keyView);
    const rows = views.map((v) => [String(v.kid), String(v.alg), String(v.state), String(v.activates_at)]);
    return { json: views, text: table(['KID', 'ALG', 'STATE', 'ACTIVATES_AT'], rows, 'no signing keys') };
  },
};

/** `latchkey keys rotate`: adds the next key, which signs once every server has published it. */
export const keysRotate: Command = {
  words: ['keys', 'rotate'],
  summary: 'Add the next signing key (it activates after the JWKS cache and reload interval)',
  options: { alg: { type: 'string', value: 'ALG', help: `only this algorithm: ${signingAlgorithms.join(', ')} (default: all)` } },
  async run(args, context) {
    const alg = args.string('alg');
    if (alg !== undefined && !(signingAlgorithms as readonly string[]).includes(alg)) throw new UsageError(`--alg must be one of ${signingAlgorithms.join(', ')}, got '${alg}'`);
    const keys = await (await context.latchkey()).signingKeys.rotate(alg);
    return {
      json: keys.map(keyView),
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

/** `latchkey keys rewrap`: re-encrypts everything kept under the KEK (signing keys, TOTP secrets, the recovery codes' secret) under a new KEK (then deploy the new LATCHKEY_KEK). */
export const keysRewrap: Command = {
  words: ['keys', 'rewrap'],
  summary: 'Re-encrypt the private signing keys and TOTP secrets under a new key-encryption key',
  options: {
    'old-kek-file': { type: 'string', value: 'PATH', required: true, help: 'file holding the current KEK (base64)' },
    'new-kek-file': { type: 'string', value: 'PATH', required: true, help: 'file holding the new KEK (base64, 32 bytes)' },
  },
  async run(args, context) {
    context.assertDatabaseExists();
    const oldKek = readKekFile(args, 'old-kek-file');
    const newKek = readKekFile(args, 'new-kek-file');
    const storage = createStorage(context.db());
    const { kids, totpSecrets, recoveryCodeSecret } = await rewrapKekSecrets(storage, oldKek, newKek);
    // No composed server here (its KEK may be the old one), so the row is written directly.
    const event = { event: 'signing_keys.rewrapped', outcome: 'success', detail: { kids, totp_secrets: totpSecrets, recovery_code_secret: recoveryCodeSecret } } as const;
    await storage.auditEvents.insertMany([{ at: Date.now(), ...event, clientId: null, subject: null, ...adminMeta }]);
    return {
      json: { rewrapped: kids, totp_secrets: totpSecrets, recovery_code_secret: recoveryCodeSecret },
      text: [`Re-encrypted ${kids.length} key(s) and ${totpSecrets} TOTP secret(s); now set LATCHKEY_KEK to the new KEK on every server.`],
    };
  },
};
