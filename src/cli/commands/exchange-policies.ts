import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { iso, table } from '../output.js';
import type { ExchangePolicyRecord } from '../../domain/records.js';

/** A policy as `--json` prints it. */
function policyView(policy: ExchangePolicyRecord) {
  return {
    id: policy.id,
    client_id: policy.clientId,
    subject_client_id: policy.subjectClientId ?? 'any',
    resource: policy.resource,
    max_scope: policy.maxScopes.join(' '),
    mode: policy.mode,
    max_depth: policy.maxDepth,
    any_audience: policy.anyAudience,
    created_at: Math.floor(policy.createdAt / 1000),
  };
}

/** `latchkey exchange-policies create --client ID --subject-client ID|any --resource URI --max-scope "..." --delegation|--impersonation`. */
export const exchangePoliciesCreate: Command = {
  words: ['exchange-policies', 'create'],
  summary: 'Let a client exchange access tokens of users for tokens for an API (RFC 8693)',
  options: {
    client: { type: 'string', value: 'CLIENT_ID', required: true, help: 'the client that exchanges (confidential, registered for token exchange)' },
    'subject-client': { type: 'string', value: 'CLIENT_ID|any', required: true, help: 'the client that the tokens of users must have been issued to, or any' },
    resource: { type: 'string', value: 'URI', required: true, help: 'the API the new tokens are for (its identifier)' },
    'max-scope': { type: 'string', value: 'SCOPES', required: true, help: 'space-separated: the most the new tokens may carry (scopes of that API)' },
    delegation: { type: 'boolean', help: 'the client acts for the user: it sends its own token as actor_token, and the new token names it in act (default)' },
    impersonation: { type: 'boolean', help: 'the client becomes the user: no actor_token, no new act (use sparingly)' },
    'max-depth': { type: 'string', value: 'N', help: 'the most actors the act chain may have, this one included (default 1, at most 5)' },
    'any-audience': { type: 'boolean', help: 'accept tokens of users meant for any API, not only the API of the client' },
  },
  async run(args, context) {
    if (args.flag('delegation') && args.flag('impersonation')) throw new UsageError('--delegation and --impersonation exclude each other');
    const depthText = args.string('max-depth') ?? '1';
    if (!/^\d{1,2}$/.test(depthText)) throw new UsageError(`--max-depth must be a whole number, got '${depthText}'`);
    const subjectClient = args.string('subject-client') as string;
    const policy = await (await context.latchkey()).exchangePolicies.create({
      clientId: args.string('client') as string,
      subjectClientId: subjectClient === 'any' ? null : subjectClient,
      resource: args.string('resource') as string,
      maxScopes: (args.string('max-scope') as string).split(' ').filter(Boolean),
      mode: args.flag('impersonation') ? 'impersonation' : 'delegation',
      maxDepth: Number(depthText),
      anyAudience: args.flag('any-audience'),
    });
    return { json: policyView(policy), text: [`Created exchange policy ${policy.id}`] };
  },
};

/** `latchkey exchange-policies list`. */
export const exchangePoliciesList: Command = {
  words: ['exchange-policies', 'list'],
  summary: 'List token-exchange policies',
  async run(_args, context) {
    const policies = await (await context.latchkey()).exchangePolicies.list();
    return {
      json: policies.map(policyView),
      text: table(
        ['ID', 'CLIENT', 'SUBJECT CLIENT', 'RESOURCE', 'MAX SCOPE', 'MODE', 'DEPTH', 'CREATED'],
        policies.map((p) => [p.id, p.clientId, p.subjectClientId ?? 'any', p.resource, p.maxScopes.join(' '), p.mode, String(p.maxDepth), iso(p.createdAt)]),
        'no exchange policies (no client may exchange tokens)',
      ),
    };
  },
};

/** `latchkey exchange-policies delete ID`. */
export const exchangePoliciesDelete: Command = {
  words: ['exchange-policies', 'delete'],
  summary: 'Delete a token-exchange policy',
  positionals: ['ID'],
  async run(args, context) {
    const id = args.positional(0);
    await (await context.latchkey()).exchangePolicies.delete(id);
    return { json: { id, deleted: true }, text: [`Deleted exchange policy ${id}`] };
  },
};
