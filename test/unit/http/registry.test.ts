import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';
import type { AnyOperationRegistry, OperationDefinition } from '../../../src/http/operation.js';
import { checkRegistryMatchesSpec, mountOperations, pipelineOf, type PipelineSteps } from '../../../src/http/registry.js';
import { loadSpec, locateSpec, type SpecDocument } from '../../../src/http/spec-document.js';
import type { Latchkey } from '../../../src/latchkey.js';
import { operationRegistry } from '../../../src/operations/index.js';

const spec = loadSpec();
const specIds = spec.operations.map((o) => o.operationId);

const dummy: OperationDefinition<never, unknown> = { handle: async () => ({ status: 200 }) };

/** A dummy handler per id, needing the scopes openapi.yaml names for it. */
function registryFor(ids: readonly string[]): AnyOperationRegistry {
  const scopes = new Map(spec.operations.map((o) => [o.operationId, o.bearerScopes]));
  return Object.fromEntries(ids.map((id) => {
    const bearerScopes = scopes.get(id);
    const audience = bearerScopes?.includes('admin') ? { audience: 'admin' as const } : {};
    return [id, bearerScopes ? { ...dummy, bearer: { scopes: bearerScopes, ...audience } } : dummy];
  }));
}

/** Enough of a Latchkey for the operation factories, which only capture their dependencies. */
function stubLatchkey(): Latchkey {
  return {
    config: { issuer: 'http://localhost:3000', jwksMaxAgeS: 300, brand: { name: 'Latchkey' } },
    storage: { clients: {}, scopes: {}, users: {} },
    grants: new Map(),
    keystore: {},
    auditor: {},
    now: () => 0,
    revokeToken: async () => undefined,
    introspect: async () => ({ active: false }),
  } as unknown as Latchkey;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSpec', () => {
  it('finds openapi.yaml and lists every operation with its method and path', () => {
    expect(locateSpec()).toMatch(/openapi\.yaml$/);
    expect(spec.operations).toEqual(
      expect.arrayContaining([
        { operationId: 'postToken', method: 'post', path: '/token' },
        { operationId: 'getJwks', method: 'get', path: '/jwks.json' },
        { operationId: 'getData', method: 'get', path: '/data', bearerScopes: ['read'] },
        { operationId: 'revokeAccountGrant', method: 'delete', path: '/account/grants/{client_id}', bearerScopes: ['account'] },
      ]),
    );
    expect(new Set(specIds).size).toBe(specIds.length);
  });

  it('refuses an operation without operationId, naming it', () => {
    const file = join(dir, 'no-id.yaml');
    writeFileSync(file, 'openapi: 3.1.0\npaths:\n  /x:\n    get:\n      responses: {}\n');
    expect(() => loadSpec(file)).toThrow('GET /x has no operationId');
  });

  it('fails when there is no openapi.yaml above the start folder', () => {
    expect(() => locateSpec(dir)).toThrow('openapi.yaml not found');
  });
});

describe('checkRegistryMatchesSpec', () => {
  it('passes for one dummy handler per operationId of openapi.yaml', () => {
    expect(() => checkRegistryMatchesSpec(spec, registryFor(specIds))).not.toThrow();
  });

  it('passes for the real registry', () => {
    const registry: AnyOperationRegistry = operationRegistry(stubLatchkey());
    expect(() => checkRegistryMatchesSpec(spec, registry)).not.toThrow();
    expect(Object.keys(registry).sort()).toEqual([...specIds].sort());
  });

  it('gives the real bearer operations exactly the scopes openapi.yaml declares', () => {
    const registry: AnyOperationRegistry = operationRegistry(stubLatchkey());
    const paths = spec.object.paths as Record<string, Record<string, { operationId: string; security?: Record<string, string[]>[] }>>;
    for (const { operationId, method, path } of spec.operations) {
      const security = paths[path]?.[method]?.security ?? [];
      const bearer = security.find((s) => 'bearerAuth' in s)?.bearerAuth;
      expect({ operationId, scopes: registry[operationId]?.bearer?.scopes }).toEqual({ operationId, scopes: bearer });
    }
  });

  it.each(specIds)('throws when %s has no handler', (missing) => {
    const registry = registryFor(specIds.filter((id) => id !== missing));
    expect(() => checkRegistryMatchesSpec(spec, registry)).toThrow(`operation ${missing} has no handler`);
  });

  it('throws on a handler without an operation', () => {
    const registry = registryFor([...specIds, 'getSecretAdminThing']);
    expect(() => checkRegistryMatchesSpec(spec, registry)).toThrow('handler getSecretAdminThing has no operation in openapi.yaml');
  });

  it('throws when a handler needs other scopes than openapi.yaml declares, or a token where it declares none', () => {
    const wider: AnyOperationRegistry = { ...registryFor(specIds), getData: { ...dummy, bearer: { scopes: ['write'] } } };
    expect(() => checkRegistryMatchesSpec(spec, wider)).toThrow('handler getData needs scopes [write] but openapi.yaml says [read]');
    const unguarded: AnyOperationRegistry = { ...registryFor(specIds), listAccountGrants: dummy };
    expect(() => checkRegistryMatchesSpec(spec, unguarded)).toThrow('handler listAccountGrants needs scopes [no token] but openapi.yaml says [account]');
    const guarded: AnyOperationRegistry = { ...registryFor(specIds), getJwks: { ...dummy, bearer: { scopes: ['read'] } } };
    expect(() => checkRegistryMatchesSpec(spec, guarded)).toThrow('handler getJwks needs scopes [read] but openapi.yaml says [no token]');
  });

  it('throws when the admin scope and the admin audience are not declared together', () => {
    const ordinaryAudience: AnyOperationRegistry = { ...registryFor(specIds), listAdminClients: { ...dummy, bearer: { scopes: ['admin'] } } };
    expect(() => checkRegistryMatchesSpec(spec, ordinaryAudience)).toThrow('handler listAdminClients must require the admin scope exactly when it accepts the admin audience');
    const adminAudience: AnyOperationRegistry = { ...registryFor(specIds), getData: { ...dummy, bearer: { scopes: ['read'], audience: 'admin' } } };
    expect(() => checkRegistryMatchesSpec(spec, adminAudience)).toThrow('handler getData must require the admin scope exactly when it accepts the admin audience');
  });

  it('lists every problem at once', () => {
    const registry = registryFor([...specIds.filter((id) => id !== 'getData' && id !== 'postToken'), 'extraOne']);
    let message = '';
    try {
      checkRegistryMatchesSpec(spec, registry);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('operation getData has no handler');
    expect(message).toContain('operation postToken has no handler');
    expect(message).toContain('handler extraOne has no operation in openapi.yaml');
  });

  it('throws on an operationId used twice in the spec', () => {
    const twice: SpecDocument = {
      ...spec,
      operations: [...spec.operations, { operationId: 'getData', method: 'post', path: '/data' }],
    };
    expect(() => checkRegistryMatchesSpec(twice, registryFor(specIds))).toThrow('operationId getData appears twice in openapi.yaml');
  });

  it.each([['toString'], ['constructor'], ['hasOwnProperty']])('throws when the spec operation %s has no own handler', (operationId) => {
    const withInherited: SpecDocument = { ...spec, operations: [...spec.operations, { operationId, method: 'get', path: `/${operationId}` }] };
    expect(() => checkRegistryMatchesSpec(withInherited, registryFor(specIds))).toThrow(`operation ${operationId} has no handler`);
  });
});

/** Named stand-ins for every step, so a pipeline reads as a list of names. */
function namedSteps(requested: string[][] = []): PipelineSteps {
  const named = (name: string): RequestHandler => Object.defineProperty((_req: unknown, _res: unknown, next: () => void) => next(), 'name', { value: name });
  return {
    requireToken: ({ scopes, audience, acr, maxAge }) => {
      requested.push([...scopes]);
      const authentication = `${acr ? `, acr ${acr.join(' ')}` : ''}${maxAge === undefined ? '' : `, max age ${maxAge}`}`;
      return named(`bearer(${scopes.join(' ')}${audience ? `, ${audience} audience` : ''}${authentication})`);
    },
    cors: (policy) => named(`cors(${policy})`),
    rateLimit: (policy, page) => ({ limit: named(`limit(${policy})`), errors: Object.defineProperty((_e: unknown, _q: unknown, _s: unknown, next: () => void) => next(), 'name', { value: `limitErrors(${policy}${page ? ', page' : ''})` }) }),
    validate: (operation) => named(`validate(${operation.operationId})`),
    pageErrors: Object.defineProperty((_e: unknown, _q: unknown, _s: unknown, next: () => void) => next(), 'name', { value: 'pageErrors' }),
    secureCookies: false,
  };
}

function pipelineNames(operationId: string): string[] {
  const operation = spec.operations.find((o) => o.operationId === operationId)!;
  const registry: AnyOperationRegistry = operationRegistry(stubLatchkey());
  return pipelineOf(operation, registry[operationId]!, namedSteps()).map((step) => step.name);
}

describe('pipelineOf', () => {
  it('mounts for POST /token: CORS, form, parameter check, client limits, validator, handler, limit errors', () => {
    expect(pipelineNames('postToken')).toEqual(['cors(registered-origins)', 'parseForm', 'refuseMalformedParams', 'limit(client)', 'validate(postToken)', 'dispatch', 'limitErrors(client)']);
  });

  it('mounts for GET /authorize: flat page parameters, address limit, no validator, page errors', () => {
    expect(pipelineNames('getAuthorize')).toEqual(['readPageParams', 'limit(address)', 'dispatch', 'limitErrors(address, page)', 'pageErrors']);
  });

  it('mounts for the admin API: JSON body, address limit, validator, a bearer token of the admin audience', () => {
    expect(pipelineNames('createAdminClient')).toEqual(['jsonParser', 'limit(address)', 'validate(createAdminClient)', 'bearer(admin, admin audience)', 'dispatch', 'limitErrors(address)']);
    expect(pipelineNames('listAdminAuditEvents')).toEqual(['limit(address)', 'validate(listAdminAuditEvents)', 'bearer(admin, admin audience)', 'dispatch', 'limitErrors(address)']);
  });

  it('mounts for GET /data/sensitive: a bearer token that also needs the multi-factor level or stronger (RFC 9470)', () => {
    expect(pipelineNames('getSensitiveData')).toEqual(['validate(getSensitiveData)', 'bearer(read, acr urn:latchkey:acr:mfa phr)', 'dispatch']);
    expect(pipelineNames('getData')).toEqual(['validate(getData)', 'bearer(read)', 'dispatch']);
  });

  it('mounts for GET /userinfo: CORS before the bearer token', () => {
    expect(pipelineNames('getUserinfo')).toEqual(['cors(registered-origins)', 'validate(getUserinfo)', 'bearer(openid)', 'dispatch']);
  });

  it('declares page operations exactly where openapi.yaml answers with HTML', () => {
    const registry: AnyOperationRegistry = operationRegistry(stubLatchkey());
    const paths = spec.object.paths as Record<string, Record<string, { responses?: Record<string, { $ref?: string }> }>>;
    for (const { operationId, method, path } of spec.operations) {
      const html = Object.values(paths[path]?.[method]?.responses ?? {}).some((r) => r.$ref?.startsWith('#/components/responses/Html'));
      expect({ operationId, page: registry[operationId]?.page === true }).toEqual({ operationId, page: html });
    }
  });
});

describe('mountOperations', () => {
  it('refuses to mount anything when the registry does not match', () => {
    const app = express();
    expect(() => mountOperations(app, spec, registryFor(specIds.slice(1)), namedSteps())).toThrow('has no handler');
  });

  it('asks for a bearer middleware with the declared scopes only for bearer operations', () => {
    const requested: string[][] = [];
    mountOperations(express(), spec, registryFor(specIds), namedSteps(requested));
    const declared = spec.operations.flatMap((o) => (o.bearerScopes ? [[...o.bearerScopes]] : []));
    expect(declared.length).toBeGreaterThanOrEqual(4);
    expect(requested).toEqual(declared);
  });
});
