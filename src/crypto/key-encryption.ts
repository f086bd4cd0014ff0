import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const version = 'v1';

/** Encrypts with AES-256-GCM under the KEK; `label` (the kid) is bound as additional data. */
export function encryptWithKek(kek: Buffer, plaintext: string, label: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [version, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** Decrypts {@link encryptWithKek} output; throws when the KEK or label is wrong or the data was altered. */
export function decryptWithKek(kek: Buffer, sealed: string, label: string): string {
  const [v, iv, tag, ciphertext] = sealed.split('.');
  if (v !== version || !iv || !tag || !ciphertext) throw new Error('unrecognised key envelope');
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(label, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
