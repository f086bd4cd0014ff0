import { narrowSpec, responseValidation } from '../../../src/http/request-validator.js';
import { loadSpec } from '../../../src/http/spec-document.js';

const spec = loadSpec();

describe('narrowSpec', () => {
  it('keeps one path with one method, and every component', () => {
    const token = spec.operations.find((o) => o.operationId === 'postToken')!;
    const narrowed = narrowSpec(spec, token) as { paths: Record<string, Record<string, unknown>>; components: unknown };
    expect(Object.keys(narrowed.paths)).toEqual(['/token']);
    expect(Object.keys(narrowed.paths['/token']!)).toEqual(['post']);
    expect(narrowed.components).toBe(spec.object.components);
  });

  it('keeps what a path item shares with its operations (e.g. parameters)', () => {
    const shared = { paths: { '/x/{id}': { parameters: [{ name: 'id', in: 'path' }], get: { operationId: 'getX' }, delete: { operationId: 'deleteX' } } } };
    const narrowed = narrowSpec({ ...spec, object: shared }, { operationId: 'getX', method: 'get', path: '/x/{id}' });
    expect(narrowed).toEqual({ paths: { '/x/{id}': { parameters: [{ name: 'id', in: 'path' }], get: { operationId: 'getX' } } } });
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
