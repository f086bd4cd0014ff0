/**
 * The copy of the contract that Swagger UI gets. Two differences from openapi.yaml, both for the browser:
 * the oauth2 flows name the configured issuer, and the token request is one flat form with one example per
 * grant, because Swagger UI renders a form-encoded `oneOf` as raw JSON and sends it wrongly (swagger-ui#7640).
 */

type Json = Record<string, unknown>;

/** openapi.yaml names the default development issuer where OpenAPI 3.1 needs absolute URLs (the oauth2 flows). */
export const specIssuer = 'http://localhost:3000';

/** The contract's text with the configured issuer in its absolute URLs. */
export function withIssuer(text: string, issuer: string): string {
  return text.replaceAll(`${specIssuer}/`, `${issuer}/`);
}

const form = 'application/x-www-form-urlencoded';

/** One request that works as it is (after the placeholders in angle brackets are replaced), per grant. */
const tokenExamples: Record<string, { summary: string; value: Record<string, string> }> = {
  client_credentials: {
    summary: 'client_credentials: authorize with clientSecretBasic (client id and secret) first',
    value: { grant_type: 'client_credentials', scope: 'read' },
  },
  password: {
    summary: 'password: a first-party client and a user',
    value: { grant_type: 'password', username: '<username>', password: '<password>', scope: 'openid read' },
  },
  refresh_token: {
    summary: 'refresh_token: a refresh token from an earlier answer',
    value: { grant_type: 'refresh_token', refresh_token: '<refresh token>' },
  },
  authorization_code: {
    summary: 'authorization_code: the code from /authorize, with its PKCE verifier',
    value: { grant_type: 'authorization_code', code: '<code>', redirect_uri: '<redirect uri>', code_verifier: '<code verifier>' },
  },
};

function schemaAt(spec: Json, ref: string): Json {
  return ref.split('/').slice(1).reduce<Json>((node, part) => node[part] as Json, spec);
}

/** Which fields each grant's example fills, for the form's help text. */
function recipe(): string {
  return Object.entries(tokenExamples)
    .map(([grant, { value }]) => `\`${grant}\`: ${Object.keys(value).filter((k) => k !== 'grant_type').map((k) => `\`${k}\``).join(', ') || 'nothing else'}`)
    .join('; ');
}

/**
 * The token request's oneOf branches as one object: every parameter optional except `grant_type`, an enum.
 * Swagger UI fills each form field with its schema's `example` (without one, a placeholder such as `string`
 * or `********`, which it would send) and ignores media-type examples for forms: so the fields start as the
 * client-credentials example and the rest empty. It still sends empty fields as `name=` ("Send empty value"
 * is on by default), which the server treats as omitted (RFC 6749 §3.2).
 */
function flatTokenRequest(spec: Json, oneOf: Json): Json {
  const mapping = (oneOf.discriminator as { mapping: Record<string, string> }).mapping;
  const start = tokenExamples.client_credentials!.value;
  const properties: Record<string, Json> = {};
  for (const ref of Object.values(mapping)) {
    for (const [name, property] of Object.entries(schemaAt(spec, ref).properties as Record<string, Json>)) {
      const resolved = typeof property.$ref === 'string' ? schemaAt(spec, property.$ref) : property;
      properties[name] = { ...resolved, example: start[name] ?? '' };
    }
  }
  properties.grant_type = { type: 'string', enum: Object.keys(mapping), example: start.grant_type, description: `The grant. Each one also needs: ${recipe()}.` };
  return { type: 'object', description: oneOf.description, required: ['grant_type'], properties };
}

/** Builds Swagger UI's copy; the contract itself is not changed. */
export function swaggerUiSpec(contract: Json, issuer: string): Json {
  const spec = JSON.parse(withIssuer(JSON.stringify(contract), issuer)) as Json;
  const media = ((((spec.paths as Json)['/token'] as Json).post as Json).requestBody as Json).content as Record<string, Json>;
  const body = media[form] as Json;
  const oneOf = schemaAt(spec, (body.schema as { $ref: string }).$ref);
  body.schema = flatTokenRequest(spec, oneOf);
  body.examples = tokenExamples;
  return spec;
}
