// The server is compiled without the DOM library; the generated SDK's fetch client names the
// one DOM type below, which Node's fetch (undici) defines the same way. The e2e tests, which
// drive a browser, compile with the DOM library instead (test/e2e/tsconfig.json).
import type { BodyInit as UndiciBodyInit } from 'undici-types';

declare global {
  type BodyInit = UndiciBodyInit;
}
