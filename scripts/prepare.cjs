#!/usr/bin/env node
'use strict';
// npm's `prepare`: build dist/ after `npm install` / `npm ci` in a checkout. A production install
// (`npm ci --omit=dev`) has no TypeScript: it runs the dist/ built beforehand (CI, a build
// machine, or the packed package), so there is nothing to build and nothing to fail.
const { execFileSync } = require('node:child_process');

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  process.stdout.write('latchkey: TypeScript is not installed (production install): not building; dist/ must come from the build\n');
  process.exit(0);
}
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
