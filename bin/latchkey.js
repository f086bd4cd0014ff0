#!/usr/bin/env node
'use strict';
// Runs the compiled CLI when `npm run build` has produced it, else the TypeScript source through tsx.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

if (existsSync(compiled)) {
  require(compiled);
} else {
  let tsx;
  try {
    tsx = require('tsx/cjs/api');
  } catch {
    process.stderr.write('latchkey: not built and tsx is not installed: run `npm run build`\n');
    process.exit(1);
  }
  tsx.require(join(__dirname, '..', 'src', 'cli', 'main.ts'), join(__dirname, 'latchkey.js'));
}
