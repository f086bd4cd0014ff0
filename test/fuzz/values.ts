/**
 * Value generators: the strings a request parameter, header or path segment
 * can carry, from valid to hostile. Nothing here knows about operations.
 */
import fc from 'fast-check';

/** What a response must never show: stack frames, file paths, error class names. */
export const leakPatterns: readonly RegExp[] = [/\/work\//, /node_modules/, /\.ts:/, /Error:/, /^\s*at \S.*:\d+(:\d+)?\)?$/m];

/** Generated values never look like a leak, so a reflected value (a username on the login page) is not mistaken for one. */
export const isClean = (value: string): boolean => !leakPatterns.some((p) => p.test(value));

const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c));

/** Fixed troublemakers: empty, separators, escapes, injection, number edge cases, prototype names, tricky unicode. */
const specials = [
  '', ' ', '  ', '\t', '\n', '\r\n', '\u0000', 'a\u0000b', '\u0007', '\u007f', '\u0085',
  '%', '%%', '%zz', '%00', '%C3%28', '%E0%A4%A', '+', '&', '=', '&a=b', ';', ',', '#', '?', '/', '//', '.', '..', '../../etc/passwd',
  '"', "'", '\\', '`', '<', '<script>alert(1)</script>', '{{7*7}}', '${7*7}', "' OR '1'='1", '"; DROP TABLE users; --',
  '-1', '0', '00', '1e309', 'NaN', 'Infinity', '0x10', '9007199254740993', '99999999999999999999999',
  'null', 'undefined', 'true', 'false', '[]', '{}', '[object Object]', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString',
  '\u202Eevil\u202C', '\u05E9\u05DC\u05D5\u05DD', 'e\u0301\u0301\u0301', 'Z\u0351\u0358\u0346\u0315', '\u{1F600}', '\u{1F469}\u200D\u{1F4BB}',
  '\uFEFF', '\u200B', '\u00A0', '\u2028', '\uD800', '\uDFFF', '\uFFFD', '\uFFFF', '\u{10FFFF}', '\u0130', 'ß', 'ﬀ', 'Ω', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
];

/** Full unicode (astral planes included), RTL and combining marks, control characters, NUL. */
export const unicodeString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: fc.oneof(char(0x0590, 0x08ff), char(0x0300, 0x036f), char(0x202a, 0x202e), char(0x1f300, 0x1faff)), maxLength: 16 }),
  fc.string({ unit: char(0, 0x1f), maxLength: 8 }),
);

/** 1 KB to ~100 KB of one repeated piece: over every size limit, cheap to build. */
export const hugeString = fc
  .tuple(fc.constantFrom('a', 'A9', '%', '\u0000', 'é', '\u{1F600}', ' ', '&x=', 'read '), fc.integer({ min: 1024, max: 100 * 1024 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Anything hostile. */
export const hostileString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...specials) },
    { weight: 3, arbitrary: unicodeString },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: hugeString },
  )
  .filter(isClean);

const nearMisses: ((v: string, extra: string) => string)[] = [
  (v, x) => v + x,
  (v, x) => x + v,
  (v) => v.slice(0, -1),
  (v) => v.slice(1),
  (v) => v.toUpperCase(),
  (v) => ` ${v} `,
  (v) => `${v} ${v}`,
  (v) => `${v}\u0000`,
  (v) => v.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
  (v) => encodeURIComponent(v),
  (v) => `${v}, ${v}`,
];

/** A small change to a value (picked by `which`): the near misses that reach furthest into a handler. */
export const nearMiss = fc
  .tuple(fc.nat({ max: nearMisses.length - 1 }), fc.oneof(fc.constantFrom('x', '=', ' ', '.', '\u0301', '\u{1F600}'), fc.string({ maxLength: 3 })))
  .map(([which, extra]) => (value: string) => nearMisses[which]!(value, extra));

export function almostValid(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, nearMiss)
    .map(([value, change]) => change(value))
    .filter(isClean);
}

/** Something that is not a string at all, for JSON bodies. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Parameter names nobody declared: random, bracketed (`a[]`, `a[b]`), prototype keys, odd characters. */
export function unknownName(known: readonly string[]): fc.Arbitrary<string> {
  const base = known.length ? fc.oneof(fc.constantFrom(...known), fc.constant('a')) : fc.constant('a');
  return fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '', '[]', '[', ']', 'a.b', 'access_token', 'request', 'request_uri', `a${'[b]'.repeat(40)}`, `a${'['.repeat(40)}`),
    fc.tuple(base, fc.constantFrom('[]', '[b]', '[0]', '[][]', '[b][c]', '[__proto__]', '.x', '[')).map(([name, suffix]) => name + suffix),
    unicodeString.filter((s) => s.length > 0),
  ).filter(isClean);
}

/** A header value fetch can send (tab, 0x20-0x7E, 0x80-0xFF); unicode goes in as its UTF-8 bytes read as latin1. */
export function headerSafe(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1').replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/** Broken `Authorization` headers (RFC 7617, RFC 6750 §2.1): wrong schemes, bad base64, no colon, garbage, very long. */
export const brokenAuthorization: fc.Arbitrary<string> = (() => {
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
  const text = fc.oneof(hostileString.filter((s) => s.length < 2000), fc.string({ maxLength: 20 }));
  return fc
    .oneof(
      fc.constantFrom('Basic', 'Basic ', 'Basic !!!!', 'Basic ====', 'Basic Og==', 'Bearer', 'Bearer ', 'Bearer a b', 'Bearer a,b', 'Bearer\ttoken', 'Digest x', 'Negotiate', 'basic', 'bEaReR x', 'Bearerx abc', 'Basic a Basic b', ','),
      text.map((s) => `Basic ${s}`),
      text.map((s) => `Basic ${b64(s)}`),
      fc.tuple(text, text).map(([id, secret]) => `Basic ${b64(`${id}:${secret}`)}`),
      text.map((s) => `Bearer ${s}`),
      fc.tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 })).map(([h, p, s]) => `Bearer ${h}.${p}.${s}`),
      fc.constant(`Bearer ${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from('{"sub":"x","scope":"read write openid"}').toString('base64url')}.`),
      fc.tuple(fc.constantFrom('Basic ', 'Bearer '), fc.integer({ min: 1000, max: 12 * 1024 })).map(([scheme, n]) => scheme + 'A'.repeat(n)),
      text,
    )
    .map(headerSafe);
})();

/** Percent-encodes every byte but the unreserved ones (lone surrogates become U+FFFD, as a browser would send). */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Malformed wire fragments, sent as they are (not encoded): bad escapes, truncated or overlong UTF-8, raw separators. */
export const rawFragment = fc.constantFrom('%', '%%', '%zz', '%0', '%00', '%C3%28', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF%FE', '+', '&&', '==', ';', '%2F', '%5B%5D', '%u0041', '%25%32%35');
