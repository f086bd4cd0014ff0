import fc from 'fast-check';
import { loadSpec as loadServerSpec } from '../../src/http/spec-document.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { type Answer, type Checker, createChecker } from './checks.js';
import { changes, databaseSnapshotter, isolatedDatabase } from './database.js';
import { missingGenerators, requestFor, send } from './requests.js';
import { fuzzSettings, longRun, propertyTimeoutMs } from './settings.js';
import { loadSpec } from './spec.js';
import { createWorld, fuzzServerEnv, type World } from './world.js';

/**
 * Property-based fuzzing of every operation in openapi.yaml (issue 5 §4): valid,
 * almost valid and hostile requests over real HTTP to one server. Whatever is
 * sent, the answer is never a 5xx, never leaks internals, matches the spec
 * (status, media type, headers, JSON schema), pages carry their security
 * headers, redirects and CORS stay within what clients registered, nothing is
 * logged as an error, and a rejected (4xx) request leaves the database as it was.
 */

const spec = loadSpec();

describe('the fuzzer covers openapi.yaml', () => {
  it('walks the same operations the server mounts', () => {
    const ids = (ops: readonly { operationId: string }[]) => ops.map((o) => o.operationId).sort();
    expect(ids(spec.operations)).toEqual(ids(loadServerSpec().operations));
  });

  it('has a request generator for every operation', () => {
    expect(spec.operations.length).toBeGreaterThan(0);
    expect(spec.operations.flatMap(missingGenerators)).toEqual([]);
  });
});

describe('generated requests to every operation', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let server: TestServer;
  let world: World;
  let snapshot: () => Promise<Record<string, number>>;
  let check: Checker;
  /** Answers per operation, status and error code, printed after a long run to show how deep the requests got. */
  const seen = new Map<string, Map<string, number>>();

  beforeAll(async () => {
    if (longRun) console.log(`fuzz: seed ${fuzzSettings.seed}, ${fuzzSettings.numRuns} runs per operation (replay: LATCHKEY_FUZZ_SEED=${fuzzSettings.seed} LATCHKEY_FUZZ_RUNS=${fuzzSettings.numRuns} npm run fuzz)`);
    database = await isolatedDatabase();
    server = await startTestServer({ env: fuzzServerEnv, ...(database.url ? { databaseUrl: database.url } : {}) });
    world = await createWorld(server);
    snapshot = await databaseSnapshotter(server.lk.db);
    check = createChecker(spec, world);
  });

  afterAll(async () => {
    if (longRun) console.log([...seen].map(([id, answers]) => `${id}: ${[...answers].sort().map(([a, n]) => `${a}×${n}`).join(' ')}`).join('\n'));
    await server?.close();
    await database?.drop();
  });

  function tally(operationId: string, answer: Answer): void {
    const code = /"error":"(\w+)"|[?#&]error=(\w+)/.exec(answer.text + (answer.headers.get('location') ?? ''));
    const key = [answer.status, code?.[1] ?? code?.[2]].filter(Boolean).join(' ');
    const answers = seen.get(operationId) ?? seen.set(operationId, new Map()).get(operationId)!;
    answers.set(key, (answers.get(key) ?? 0) + 1);
  }

  it('has examples only for operations in openapi.yaml (a renamed operation must not lose them silently)', () => {
    expect(world.exampleIds.filter((id) => !spec.operations.some((op) => op.operationId === id))).toEqual([]);
  });

  it.each(spec.operations.map((op) => [op.operationId, op] as const))(
    '%s',
    async (_id, op) => {
      const property = fc.asyncProperty(requestFor(op, world), async (request) => {
        const logged = server.logLines.length;
        const before = await snapshot();
        const answer = await send(server.url, request);
        tally(op.operationId, answer);
        const problems = check(op, request.target, answer);
        if (answer.status >= 400 && answer.status < 500) problems.push(...changes(before, await snapshot()).map((c) => `a rejected request changed the database: ${c}`));
        const errors = server.logLines.slice(logged).filter((line) => /"level":(50|60)/.test(line));
        if (errors.length) problems.push(`logged an error: ${errors[0]!.slice(0, 500)}`);
        await world.refresh();
        if (problems.length) throw new Error(`answered ${answer.status}:\n  ${problems.join('\n  ')}`);
      });
      await fc.assert(property, fuzzSettings);
    },
    propertyTimeoutMs,
  );
});
