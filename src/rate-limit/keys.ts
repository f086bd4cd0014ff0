import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** Expands an IPv6 address to its eight hextets (an embedded IPv4 tail becomes two). */
function hextets(ip: string): string[] {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const parts = v4[1].split('.').map(Number);
    const hex = (a = 0, b = 0): string => ((a << 8) | b).toString(16);
    text = `${text.slice(0, -v4[1].length)}${hex(parts[0], parts[1])}:${hex(parts[2], parts[3])}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * The key one address is counted under. IPv4-mapped IPv6 counts as the IPv4
 * address; other IPv6 addresses count per /64, the smallest block a host is
 * usually given (it can pick any address inside it at will).
 */
export function ipKey(ip: string | null | undefined): string {
  const address = (ip ?? '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return `${hextets(address).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/** A compact, fixed-length key for values a client chooses (client ids, usernames). */
export function hashedKey(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/** The key a client id is counted under: as is, or hashed when longer than any registered id can be. */
export function clientKey(clientId: string): string {
  return clientId.length <= 64 ? `c:${clientId}` : `h:${hashedKey(clientId)}`;
}

/**
 * The key failures of one client from one address are counted under. Failures
 * are never counted per client alone: client ids are public, so a limit per
 * client would let anyone lock a confidential client out (a denial of service;
 * its 256-bit secret cannot be guessed anyway).
 */
export function clientAddressKey(client: string, ip: string): string {
  return `${client}@${ip}`;
}
