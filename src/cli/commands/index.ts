import type { Command } from '../command.js';
import { clientsCreate, clientsDelete, clientsList, clientsRotateSecret, clientsShow } from './clients.js';
import { keysList, keysRewrap, keysRotate } from './keys.js';
import { migrate } from './migrate.js';
import { cleanup } from './cleanup.js';
import { scopesCreate, scopesList } from './scopes.js';
import { usersCreate, usersDisable, usersList, usersSetPassword, usersVerifyEmail } from './users.js';
import { usersUnlock } from './users-unlock.js';

/** Every command, in the order `latchkey --help` lists them. */
export const commands: readonly Command[] = [
  migrate,
  clientsCreate,
  clientsList,
  clientsShow,
  clientsDelete,
  clientsRotateSecret,
  usersCreate,
  usersList,
  usersDisable,
  usersSetPassword,
  usersVerifyEmail,
  usersUnlock,
  scopesCreate,
  scopesList,
  keysList,
  keysRotate,
  keysRewrap,
  cleanup,
];
