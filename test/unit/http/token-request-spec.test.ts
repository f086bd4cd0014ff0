import { composeGrants } from '../../../src/grants/index.js';
import { loadSpec } from '../../../src/http/spec-document.js';

/** The token request in openapi.yaml: one schema per grant the server composes, chosen by `grant_type`. */
describe('TokenRequest in openapi.yaml', () => {
  const schemas = (loadSpec().object.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
  const tokenRequest = schemas.TokenRequest as { oneOf: { $ref: string }[]; discriminator: { propertyName: string; mapping: Record<string, string> } };

  it('is a oneOf discriminated by grant_type with a branch for every composed grant', () => {
    const grantTypes = [...composeGrants({} as never).keys()].sort();
    expect(tokenRequest.discriminator.propertyName).toBe('grant_type');
    expect(Object.keys(tokenRequest.discriminator.mapping).sort()).toEqual(grantTypes);
    expect(tokenRequest.oneOf.map((b) => b.$ref).sort()).toEqual(Object.values(tokenRequest.discriminator.mapping).sort());
  });

  it('gives each branch its grant_type as a constant', () => {
    for (const [grantType, ref] of Object.entries(tokenRequest.discriminator.mapping)) {
      const branch = schemas[ref.split('/').pop()!] as { required: string[]; properties: Record<string, { const?: string }> };
      expect(branch.properties.grant_type?.const).toBe(grantType);
      expect(branch.required).toContain('grant_type');
    }
  });
});
