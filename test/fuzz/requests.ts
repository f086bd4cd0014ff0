/**
 * The request builder: from one spec operation to an arbitrary HTTP request,
 * valid, almost valid or hostile, in every part the spec describes (path and
 * query parameters, form body, security) and in the parts around it (content
 * type, encoding, duplicates, unknown and bracketed names, cookies, origin).
 */
import fc from 'fast-check';
import type { Schema, SpecOperation } from './spec.js';
import { almostValid, brokenAuthorization, headerSafe, hostileString, isClean, nearMiss, percentEncode, rawFragment, unknownName, wrongType } from './values.js';
import type { Example, World } from './world.js';

export interface FuzzRequest {
  readonly operationId: string;
  readonly method: string;
  /** Path and query, exactly as sent. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array<ArrayBuffer> | undefined;
}

type Pair = readonly [name: string, value: string];
type Raw = readonly [index: number, fragment: string] | null;

interface Encoded {
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | undefined;
}

/** A request before it goes on the wire; perturbations change one part of it. */
interface Draft {
  readonly path: string;
  readonly query: Pair[];
  readonly body: Pair[];
  readonly encode: (pairs: Pair[], raw: Raw) => Encoded;
  /** A malformed fragment spliced, unencoded, into one value of the body (or of the query when there is no body). */
  readonly raw: Raw;
  readonly authorization: string | null;
  readonly cookie: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

type Perturbation = (draft: Draft) => Draft;

const form = 'application/x-www-form-urlencoded';
const json = 'application/json';
/** What the builder can produce; anything else in the spec is an operation without a generator. */
const supported = {
  parameterLocations: ['query', 'path'],
  bodyTypes: [form, json],
  securityTypes: ['http basic', 'http bearer'],
  methods: ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'],
};

/** Why the builder cannot generate requests for an operation (empty: it can). */
export function missingGenerators(op: SpecOperation): string[] {
  const problems: string[] = [];
  if (!supported.methods.includes(op.method)) problems.push(`method ${op.method}`);
  for (const p of op.parameters) if (!supported.parameterLocations.includes(p.in)) problems.push(`parameter ${p.name} in ${p.in}`);
  for (const type of Object.keys(op.body ?? {})) if (!supported.bodyTypes.includes(type)) problems.push(`request body ${type}`);
  for (const type of op.security.flat()) if (!supported.securityTypes.includes(type)) problems.push(`security ${type}`);
  return problems.map((p) => `${op.operationId}: no generator for ${p}`);
}

/**
 * A mix of four kinds of request: `example` (a known-good request from the world), `almost` (an example with
 * one part broken), `clean` (every part generated from the spec, valid or absent) and `fuzzy` (every part
 * generated, each independently valid, almost valid or hostile). Operations without examples (a new one,
 * say) get `clean` and `fuzzy` only.
 */
export function requestFor(op: SpecOperation, world: World): fc.Arbitrary<FuzzRequest> {
  const hasExamples = world.examples(op.operationId).length > 0;
  const example = exampleDraft(op, world);
  return fc
    .oneof(
      ...(hasExamples
        ? [
            { weight: 2, arbitrary: example },
            { weight: 3, arbitrary: fc.tuple(example, perturbation(op, world)).map(([draft, change]) => change(draft)) },
          ]
        : []),
      { weight: 1, arbitrary: generatedDraft(op, world, 'clean') },
      { weight: 3, arbitrary: generatedDraft(op, world, 'fuzzy') },
    )
    .map((draft) => finish(op, draft));
}

const pick = <T>(values: readonly T[], i: number): T => values[i % values.length]!;
const pairsOf = (record: Readonly<Record<string, string>> | undefined): Pair[] => Object.entries(record ?? {});
/** A JSON body from the pairs, each value as the JSON it spells when it spells one (`true`, `3`, `["a"]`), else as a string. */
const jsonEncoding = (pairs: Pair[]): Encoded => {
  const typed = (v: string): unknown => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  };
  return { headers: { 'content-type': json }, body: JSON.stringify(Object.fromEntries(pairs.map(([n, v]) => [n, typed(v)]))) };
};
const jsonBody = (op: SpecOperation): boolean => Object.keys(op.body ?? {}).includes(json);
const formEncoding = (pairs: Pair[], raw: Raw): Encoded => (pairs.length ? { headers: { 'content-type': form }, body: urlencoded(pairs, raw) } : { headers: {}, body: undefined });

function exampleDraft(op: SpecOperation, world: World): fc.Arbitrary<Draft> {
  // Read the world at generation time: its tokens change when a request uses them up.
  return fc.nat().map((i): Draft => {
    const example: Example = pick(world.examples(op.operationId), i);
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => percentEncode(example.path?.[name] ?? ''));
    return { path, query: pairsOf(example.query), body: pairsOf(example.body), encode: formEncoding, raw: null, authorization: example.authorization ?? null, cookie: example.cookie ?? null, headers: {} };
  });
}

/** One thing wrong with an otherwise valid request. */
function perturbation(op: SpecOperation, world: World): fc.Arbitrary<Perturbation> {
  const inParams = (change: (pairs: Pair[]) => Pair[]): Perturbation => (d) => (d.body.length ? { ...d, body: change(d.body) } : { ...d, query: change(d.query) });
  const atOne = (i: number, change: (pair: Pair) => Pair | null) =>
    inParams((pairs) => pairs.flatMap((p, j): Pair[] => (j !== i % pairs.length ? [p] : [change(p)].filter((c): c is Pair => c !== null))));
  const bodyful = !['get', 'head'].includes(op.method);
  return fc.oneof(
    fc.tuple(fc.nat(), nearMiss).map(([i, change]) => atOne(i, ([n, v]) => [n, isClean(change(v)) ? change(v) : v])),
    fc.tuple(fc.nat(), hostileString).map(([i, value]) => atOne(i, ([n]) => [n, value])),
    fc.nat().map((i) => atOne(i, () => null)),
    fc.tuple(unknownName([]), fc.oneof(fc.constant('1'), hostileString)).map((extra) => inParams((pairs) => [...pairs, extra])),
    fc.integer({ min: 90, max: 1200 }).map((n) => inParams((pairs) => [...pairs, ...Array.from({ length: n }, (_, i): Pair => [`p${i}`, '1'])])),
    pairEdit.map((edit): Perturbation => (d) => ({ ...d, ...edit(d.query, d.body) })),
    fc.tuple(fc.nat(), rawFragment).map((raw): Perturbation => (d) => ({ ...d, raw })),
    fc.oneof(brokenAuthorization, fc.constant(null), authorizationFor(op, world, 'fuzzy')).map((authorization): Perturbation => (d) => ({ ...d, authorization })),
    nearMiss.map((change): Perturbation => (d) => ({ ...d, authorization: d.authorization === null ? null : headerSafe(change(d.authorization)) })),
    cookieFor(world, 'fuzzy').map((cookie): Perturbation => (d) => ({ ...d, cookie })),
    extraHeaders(world, 'fuzzy').map((headers): Perturbation => (d) => ({ ...d, headers })),
    ...(bodyful ? [bodyEncoding(op.body !== undefined, jsonBody(op)).map((encode): Perturbation => (d) => ({ ...d, encode }))] : []),
    ...(op.path.includes('{') ? [pathFor(op, world, 'fuzzy').map((path): Perturbation => (d) => ({ ...d, path }))] : []),
  );
}

/**
 * `clean`: every part valid or absent, and well formed, so that requests reach the handlers' success paths;
 * `fuzzy`: each part independently valid, almost valid or hostile.
 */
type Mode = 'clean' | 'fuzzy';

function generatedDraft(op: SpecOperation, world: World, mode: Mode): fc.Arbitrary<Draft> {
  const formSchema = op.body?.[form];
  const required = (formSchema?.required ?? []) as string[];
  const bodyParams = Object.entries((formSchema?.properties ?? {}) as Record<string, Schema>).map(([name, schema]) => ({ name, schema, required: required.includes(name) }));
  const bodyful = !['get', 'head'].includes(op.method);
  const clean = mode === 'clean';
  return fc
    .record({
      path: pathFor(op, world, mode),
      query: pairsFor(op.parameters.filter((p) => p.in === 'query'), world, mode),
      body: bodyful ? pairsFor(bodyParams, world, mode) : fc.constant([] as Pair[]),
      edit: clean ? fc.constant(noEdit) : pairEdit,
      raw: clean ? fc.constant(null) : fc.option(fc.tuple(fc.nat(), rawFragment), { freq: 8 }),
      encode: bodyful && !clean ? bodyEncoding(op.body !== undefined, jsonBody(op)) : fc.constant(jsonBody(op) ? jsonEncoding : formEncoding),
      authorization: authorizationFor(op, world, mode),
      cookie: cookieFor(world, mode),
      headers: extraHeaders(world, mode),
    })
    .map(({ edit, ...draft }) => ({ ...draft, ...edit(draft.query, draft.body) }));
}

/** Values the schema itself names as valid: `enum`, `const`, `examples`. */
function schemaValues(schema: Schema | undefined): string[] {
  if (!schema) return [];
  return [...((schema.enum as unknown[]) ?? []), ...(schema.const !== undefined ? [schema.const] : []), ...((schema.examples as unknown[]) ?? [])].map(String);
}

const plain = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'), minLength: 1, maxLength: 16 });

/** A parameter value: valid (from the world or the schema), almost valid, or hostile. */
function valueFor(name: string, schema: Schema | undefined, world: World, mode: Mode): fc.Arbitrary<string> {
  const fromSchema = schemaValues(schema);
  const hasValid = world.valid(name).length + fromSchema.length > 0;
  const valid = fc.nat().map((i) => pick([...world.valid(name), ...fromSchema], i));
  if (mode === 'clean') return hasValid ? valid : plain;
  return fc.oneof(
    ...(hasValid ? [{ weight: 6, arbitrary: valid }, { weight: 2, arbitrary: almostValid(valid) }] : []),
    { weight: 3, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
}

/**
 * Some of the declared parameters, plus (fuzzy) a few undeclared ones. Required ones are nearly always
 * there; optional ones by a density picked per request, so that both sparse and full requests occur.
 */
function pairsFor(params: readonly { name: string; required: boolean; schema?: Schema }[], world: World, mode: Mode): fc.Arbitrary<Pair[]> {
  const names = params.map((p) => p.name);
  const rolled = params.map((p) => fc.tuple(fc.nat({ max: 99 }), valueFor(p.name, p.schema, world, mode)).map(([roll, value]) => ({ roll: p.required ? roll - 90 : roll, pair: [p.name, value] as Pair })));
  const declared = fc.tuple(fc.constantFrom(15, 50, 90), fc.tuple(...rolled)).map(([density, all]) => all.filter((p) => p.roll < density).map((p) => p.pair));
  if (mode === 'clean') return declared;
  const unknown = fc.array(fc.tuple(unknownName(names), fc.oneof(fc.constant('1'), hostileString)), { maxLength: 3 });
  return fc.tuple(declared, fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: unknown })).map(([some, extra]) => [...some, ...extra]);
}

type PairEdit = (query: Pair[], body: Pair[]) => { query: Pair[]; body: Pair[] };
const noEdit: PairEdit = (query, body) => ({ query, body });

/** Repeat a parameter, bracket a name (`a[]`, `a[b]`), or copy the body into the query. */
const pairEdit: fc.Arbitrary<PairEdit> = fc.oneof(
  { weight: 5, arbitrary: fc.constant(noEdit) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.boolean()).map(([i, same]): PairEdit => (q, b) => ({ query: repeatOne(q, i, same), body: repeatOne(b, i, same) })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom('[]', '[b]', '[0]')).map(([i, s]): PairEdit => (q, b) => ({ query: bracket(q, i, s), body: bracket(b, i, s) })) },
  { weight: 1, arbitrary: fc.constant<PairEdit>((q, b) => ({ query: [...q, ...b], body: b })) },
);

function repeatOne(pairs: Pair[], i: number, same: boolean): Pair[] {
  if (!pairs.length) return pairs;
  const [name, value] = pick(pairs, i);
  return [...pairs, [name, same ? value : `${value}x`]];
}

function bracket(pairs: Pair[], i: number, suffix: string): Pair[] {
  return pairs.map((p, j) => (j === i % Math.max(pairs.length, 1) ? [p[0] + suffix, p[1]] : p));
}

/** `name=value&...`, percent-encoded; `raw` splices a malformed fragment into one value as it is. */
function urlencoded(pairs: readonly Pair[], raw: Raw): string {
  return pairs.map(([n, v], i) => `${percentEncode(n)}=${percentEncode(v)}${raw && raw[0] % pairs.length === i ? raw[1] : ''}`).join('&');
}

function multipart(pairs: readonly Pair[]): string {
  const parts = pairs.map(([n, v]) => `--x\r\nContent-Disposition: form-data; name="${n.replace(/"/g, '')}"\r\n\r\n${v}\r\n`);
  return `${parts.join('')}--x--\r\n`;
}

/** How the body goes on the wire: mostly as declared (a form, or JSON for the admin API), else every wrong way to send one. */
function bodyEncoding(declared: boolean, asJson = false): fc.Arbitrary<Draft['encode']> {
  const bytes = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
  const as = (type: string, body: (p: Pair[]) => string | Uint8Array<ArrayBuffer>, extra: Record<string, string> = {}) => (p: Pair[]) => ({ headers: { ...(type ? { 'content-type': type } : {}), ...extra }, body: body(p) });
  const odd = (p: Pair[]) => urlencoded(p, null);
  return fc.oneof(
    ...(asJson ? [{ weight: 12, arbitrary: fc.constant(jsonEncoding) }] : []),
    { weight: declared && !asJson ? 12 : 1, arbitrary: fc.constant((p: Pair[], raw: Raw) => ({ headers: { 'content-type': form }, body: urlencoded(p, raw) })) },
    { weight: declared ? 1 : 8, arbitrary: fc.constantFrom<Encoded>({ headers: {}, body: undefined }, { headers: { 'content-type': form }, body: undefined }).map((e) => () => e) },
    { weight: 1, arbitrary: fc.constantFrom(`${form}; charset=utf-8`, `${form}; charset=latin1`, `${form}; charset=utf-16`, form.toUpperCase(), `${form};;`, `${form}, application/json`).map((t) => as(t, odd)) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.option(wrongType), fc.nat(), fc.constantFrom('application/json', 'application/json; charset=utf-8', form)).map(([wrong, i, type]) =>
        as(type, (p) => {
          const object: Record<string, unknown> = Object.fromEntries(p);
          if (wrong !== null && p.length) object[pick(p, i)[0]] = wrong;
          return JSON.stringify(object);
        }),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'text/html', 'application/xml', 'x/y', 'application/x-www-form-urlencodedx').map((t) => as(t, odd)) },
    { weight: 1, arbitrary: fc.constant(as('multipart/form-data; boundary=x', multipart)) },
    { weight: 1, arbitrary: fc.constant(as('', (p) => bytes(odd(p)))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((garbage) => as(form, () => new Uint8Array(garbage))) },
    { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip', 'identity').map((coding) => as(form, odd, { 'content-encoding': coding })) },
  );
}

/** A path segment for a `{parameter}`: valid, hostile, or odd on the wire (dot segments, encoded slashes, over-long). */
function segmentFor(name: string, schema: Schema | undefined, world: World, mode: Mode): fc.Arbitrary<string> {
  const value = valueFor(name, schema, world, mode).map(percentEncode);
  if (mode === 'clean') return value;
  const odd = fc.constantFrom('..', '.', '%2e%2e', '%2F', 'a%2Fb', '%00', '%', '%zz', ';x', 'x;y=z', '~', '%20', '+', '*', '%C0%AF', '%ED%A0%80', 'a'.repeat(129), 'a'.repeat(5000));
  return fc.oneof({ weight: 5, arbitrary: value }, { weight: 2, arbitrary: odd });
}

function pathFor(op: SpecOperation, world: World, mode: Mode): fc.Arbitrary<string> {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const schemaOf = (name: string) => op.parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
  return fc.tuple(...names.map((n) => segmentFor(n, schemaOf(n), world, mode))).map((segments) => {
    let i = 0;
    return op.path.replace(/\{[^}]+\}/g, () => segments[i++]!);
  });
}

/** `Authorization`: valid for the operation's schemes, valid for another scheme, broken, or absent. */
function authorizationFor(op: SpecOperation, world: World, mode: Mode): fc.Arbitrary<string | null> {
  const own = [...new Set(op.security.flat())];
  const other = supported.securityTypes.filter((t) => !own.includes(t));
  const validOf = (types: string[]) => fc.nat().map((i) => pick(types.flatMap((t) => world.authorizations(t)), i));
  const optional = op.security.some((alternative) => alternative.length === 0);
  if (mode === 'clean') return own.length ? (optional ? fc.option(validOf(own)) : validOf(own)) : fc.constant(null);
  return fc.oneof(
    ...(own.length ? [{ weight: 6, arbitrary: validOf(own) }] : []),
    { weight: 1, arbitrary: validOf(other) },
    { weight: 3, arbitrary: brokenAuthorization },
    { weight: 3, arbitrary: fc.constant(null) },
  );
}

function cookieFor(world: World, mode: Mode): fc.Arbitrary<string | null> {
  const valid = fc.nat().map((i) => pick(world.cookies(), i));
  if (mode === 'clean') return fc.option(valid, { freq: 3 });
  const garbage = fc
    .oneof(
      hostileString.map((s) => `latchkey_session=${s}`),
      hostileString.map((s) => `latchkey_interaction=${s}`),
      fc.constantFrom('latchkey_session=a; latchkey_session=b', '=; ;;=', 'latchkey_session', `latchkey_session=${'A'.repeat(43)}`, `__Host-latchkey_session=${'A'.repeat(43)}`),
    )
    .map(headerSafe);
  return fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: valid }, { weight: 2, arbitrary: garbage });
}

function extraHeaders(world: World, mode: Mode): fc.Arbitrary<Record<string, string>> {
  if (mode === 'clean') return fc.record({ origin: fc.constantFrom(...world.origins) }, { requiredKeys: [] }).map((h) => h as Record<string, string>);
  const origin = fc.oneof(fc.constantFrom(...world.origins), fc.constantFrom('null', 'https://evil.example', 'http://127.0.0.1'), hostileString.map(headerSafe));
  const accept = fc.constantFrom('application/json', 'text/html', '*/*', 'image/png', ';;;');
  return fc.record({ origin, accept, 'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage'), 'x-http-method-override': fc.constantFrom('DELETE', 'GET') }, { requiredKeys: [] }).map((h) => h as Record<string, string>);
}

function finish(op: SpecOperation, draft: Draft): FuzzRequest {
  const bodyful = !['get', 'head'].includes(op.method);
  const encoded = bodyful ? draft.encode(draft.body, draft.raw) : { headers: {}, body: undefined };
  const search = urlencoded(draft.query, bodyful && draft.body.length ? null : draft.raw);
  const headers: Record<string, string> = { ...draft.headers, ...encoded.headers };
  if (draft.authorization !== null) headers.authorization = draft.authorization;
  if (draft.cookie !== null) headers.cookie = draft.cookie;
  return describe({ operationId: op.operationId, method: op.method.toUpperCase(), target: search ? `${draft.path}?${search}` : draft.path, headers, body: encoded.body });
}

/** A readable counterexample: long values are cut, so a failing 100 KB request still prints. */
function describe(request: FuzzRequest): FuzzRequest {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s);
  const body = request.body instanceof Uint8Array ? `bytes ${Buffer.from(request.body).toString('hex').slice(0, 200)}` : cut(request.body ?? '');
  const text = `${request.method} ${cut(request.target)} ${JSON.stringify(Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, cut(v)])))} ${JSON.stringify(body)}`;
  return Object.assign(request, { [fc.toStringMethod]: () => text });
}

/** Sends it over real HTTP; redirects are answers, not followed. */
export async function send(baseUrl: string, request: FuzzRequest): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(baseUrl + request.target, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
