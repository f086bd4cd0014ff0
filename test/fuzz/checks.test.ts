import { type Answer, createChecker } from './checks.js';
import { loadSpec } from './spec.js';

/** The oracle itself: a check that lets everything pass would make the fuzz suite green for nothing. */

const spec = loadSpec();
const check = createChecker(spec, { redirectUris: ['https://app.example.com/cb'], origins: ['https://app.example.com'] });
const op = (id: string) => spec.operations.find((o) => o.operationId === id)!;
const pageHeaders = { 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

function answer(status: number, headers: Record<string, string>, text = ''): Answer {
  return { status, headers: new Headers({ 'x-request-id': 'r', ...headers }), text };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  answer(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache', ...headers }, JSON.stringify(body));

it.each([
  ['a 400 invalid_request from /token', 'postToken', '/token', json(400, { error: 'invalid_request', error_description: 'The grant_type parameter is required.' })],
  ['a 401 from /data without an error code', 'getData', '/data', json(401, { error_description: 'An access token is required.' })],
  ['a login page', 'getLogin', '/login', answer(200, { 'content-type': 'text/html', ...pageHeaders }, '<!doctype html>')],
  ['a redirect back to the client', 'getAuthorize', '/authorize', answer(302, { location: 'https://app.example.com/cb?code=x&state=s' })],
  ['a request refused by Node itself', 'postToken', '/token', { status: 431, headers: new Headers(), text: '' }],
])('passes %s', (_label, id, target, a) => {
  expect(check(op(id), target, a)).toEqual([]);
});

it.each([
  ['a 500', 'postToken', json(500, { error: 'server_error' }), /^status 500/],
  ['a stack trace', 'postToken', json(400, { error: 'invalid_request', error_description: 'TypeError: x\n    at f (/work/main/src/a.ts:1:2)' }), /^leaks/],
  ['an error code outside the enum', 'postToken', json(400, { error: 'bogus' }), /does not match the spec/],
  ['an extra member', 'postToken', json(400, { error: 'invalid_request', stack: 'x' }), /does not match the spec/],
  ['a status the operation does not declare', 'getJwks', json(404, { error: 'invalid_request' }), /not declared/],
  ['JSON from a page', 'getLogin', json(400, { error: 'invalid_request' }), /content-type/],
  ['a page without frame-ancestors', 'getLogin', answer(200, { 'content-type': 'text/html', ...pageHeaders, 'content-security-policy': "default-src 'none'" }, 'x'), /frame-ancestors/],
  ['a token error without Pragma', 'postToken', json(400, { error: 'invalid_request' }, { pragma: '' }), /header pragma/],
  ['an open redirect', 'getAuthorize', answer(302, { location: 'https://evil.example/cb' }), /unregistered address/],
  ['CORS for any origin that asks', 'postToken', json(400, { error: 'invalid_request' }, { 'access-control-allow-origin': 'https://evil.example' }), /CORS/],
  ['a non-ASCII error_description', 'postToken', json(400, { error: 'invalid_request', error_description: 'é' }), /charset/],
  ['a reflected 60 KB error_description', 'postToken', json(400, { error: 'invalid_scope', error_description: 'a'.repeat(60_000) }), /characters long/],
])('flags %s', (_label, id, a, problem) => {
  expect(check(op(id), op(id).path, a)).toContainEqual(expect.stringMatching(problem));
});
