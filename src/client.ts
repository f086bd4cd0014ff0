/**
 * Latchkey's TypeScript SDK (`latchkey/client`), generated from openapi.yaml: one function per
 * operation (`postToken`, `postIntrospect`, ...), typed request bodies and answers, and the
 * default `client` to point at a server once (`client.setConfig({ baseUrl })`) or `createClient`
 * for several.
 *
 * @example
 * ```ts
 * import { client, postToken } from 'latchkey/client';
 * client.setConfig({ baseUrl: 'https://auth.example.com' });
 * const { data, error } = await postToken({
 *   body: { grant_type: 'client_credentials', scope: 'notes:read' },
 *   headers: { Authorization: `Basic ${btoa(`${id}:${secret}`)}` },
 * });
 * ```
 *
 * @packageDocumentation
 */
export * from '../generated/index.js';
export { client } from '../generated/client.gen.js';
export { createClient, createConfig, type Client, type Config } from '../generated/client/index.js';
