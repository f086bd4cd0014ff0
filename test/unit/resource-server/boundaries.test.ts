import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '../../../src/resource-server');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const source = (file: string) => readFileSync(join(dir, file), 'utf8');
const code = (file: string) => source(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('the resource-server package boundary', () => {
  it.each(files)('%s imports only siblings, express types, jose and node built-ins', (file) => {
    const specifiers = [...source(file).matchAll(/^\s*(import|export)\s(type\s)?[^'";]*?from\s+'([^']+)'/gm)];
    for (const [, , typeOnly, specifier = ''] of specifiers) {
      const allowed =
        /^\.\/[a-z0-9-]+\.js$/.test(specifier) ||
        specifier === 'jose' ||
        specifier.startsWith('node:') ||
        (specifier === 'express' && typeOnly !== undefined);
      expect({ file, specifier, allowed }).toEqual({ file, specifier, allowed: true });
    }
  });

  it.each(files)('%s is kebab-case and under 200 lines', (file) => {
    expect(file).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.ts$/);
    expect(source(file).split('\n').length).toBeLessThan(200);
  });

  it('writes responses only in write-error.ts', () => {
    const writers = files.filter((f) => /\bres\.(status|json|set|send|end|writeHead|setHeader)\(/.test(code(f)));
    expect(writers).toEqual(['write-error.ts']);
  });
});
