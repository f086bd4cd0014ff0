import type { Command } from '../command.js';
import { clientsCreate, clientsDelete, clientsList, clientsRotateSecret, clientsShow } from './clients.js';
import { clientsUpdate } from './client-update.js';
import { keysList, keysRewrap, keysRotate } from './keys.js';
import { migrate } from './migrate.js';
import { auditList } from './audit.js';
import { cleanup } from './cleanup.js';
import { exchangePoliciesCreate, exchangePoliciesDelete, exchangePoliciesList } from './exchange-policies.js';
import { apisCreate, apisDelete, apisList, apisShow, apisUpdate } from './apis.js';
import { scopesCreate, scopesDelete, scopesList, scopesUpdate } from './scopes.js';
import { usersCreate, usersDelete, usersDisable, usersEnable, usersList, usersSetPassword, usersShow, usersVerifyEmail } from './users.js';
import { usersUnlock } from './users-unlock.js';
import { usersResetMfa } from './users-mfa.js';

/** Every command, in the order `latchkey --help` lists them. */
export const commands: readonly Command[] = [
  migrate,
  clientsCreate,
  clientsList,
  clientsShow,
  clientsUpdate,
  clientsDelete,
  clientsRotateSecret,
  usersCreate,
  usersList,
  usersShow,
  usersDisable,
  usersEnable,
  usersSetPassword,
  usersVerifyEmail,
  usersUnlock,
  usersResetMfa,
  usersDelete,
  scopesCreate,
  scopesList,
  scopesUpdate,
  scopesDelete,
  apisCreate,
  apisList,
  apisShow,
  apisUpdate,
  apisDelete,
  exchangePoliciesCreate,
  exchangePoliciesList,
  exchangePoliciesDelete,
  keysList,
  keysRotate,
  keysRewrap,
  auditList,
  cleanup,
];
