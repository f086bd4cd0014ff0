import { narrowSpec, responseValidation } from '../../../src/http/request-validator.js';
import { loadSpec } from '../../../src/http/spec-document.js';

const spec = loadSpec();

describe('narrowSpec', () => {
  it('keeps one path with one method, and the components it refers to, transitively', () => {
    const token = spec.operations.find((o) => o.operationId === 'postToken')!;
    const narrowed = narrowSpec(spec, token) as { paths: Record<string, Record<string, unknown>>; components: Record<string, Record<string, unknown>> };
    expect(Object.keys(narrowed.paths)).toEqual(['/token']);
    expect(Object.keys(narrowed.paths['/token']!)).toEqual(['post']);
    const all = spec.object.components as Record<string, Record<string, unknown>>;
    // TokenRequest's oneOf refers to each grant's schema.
    expect(narrowed.components.schemas?.TokenRequest).toBe(all.schemas?.TokenRequest);
    expect(narrowed.components.schemas?.ClientCredentialsTokenRequest).toBe(all.schemas?.ClientCredentialsTokenRequest);
    expect(narrowed.components.schemas).not.toHaveProperty('AuthorizationRequest');
    expect(narrowed.components.securitySchemes).toBe(all.securitySchemes);
    const refs = JSON.stringify(narrowed).match(/#\/components\/[^"]+/g) ?? [];
    for (const ref of refs) {
      const [, , kind, name] = ref.split('/') as [string, string, string, string];
      expect({ ref, kept: narrowed.components[kind]?.[name] !== undefined }).toEqual({ ref, kept: true });
    }
  });

  it('keeps what a path item shares with its operations (e.g. parameters)', () => {
    const shared = { paths: { '/x/{id}': { parameters: [{ name: 'id', in: 'path' }], get: { operationId: 'getX' }, delete: { operationId: 'deleteX' } } } };
    const narrowed = narrowSpec({ ...spec, object: shared }, { operationId: 'getX', method: 'get', path: '/x/{id}' });
    expect(narrowed).toEqual({ paths: { '/x/{id}': { parameters: [{ name: 'id', in: 'path' }], get: { operationId: 'getX' } } }, components: {} });
  });
});

describe('responseValidation', () => {
  it.each([
    ['development', true, 'strict'],
    ['test', true, 'strict'],
    ['production', true, 'log'],
    ['production', false, 'off'],
    ['development', false, 'off'],
  ] as const)('NODE_ENV=%s, LATCHKEY_VALIDATE_RESPONSES=%s: %s', (nodeEnv, validateResponses, mode) => {
    expect(responseValidation({ nodeEnv, validateResponses })).toBe(mode);
  });
});
