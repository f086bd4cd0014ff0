import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { configError } from '../../helpers/config-error.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-brand-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('brand settings', () => {
  it('default to Latchkey with no logo, accent or links', () => {
    expect(loadConfig({}).brand).toEqual({ name: 'Latchkey', logo: undefined, accent: undefined, termsUrl: undefined, privacyUrl: undefined });
  });

  it('read the name, the logo file with its type, the accent and the links', () => {
    const logo = join(dir, 'logo.SVG');
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const brand = loadConfig({
      LATCHKEY_BRAND_NAME: '  Acme ID ',
      LATCHKEY_BRAND_LOGO: logo,
      LATCHKEY_BRAND_ACCENT: '#0A7',
      LATCHKEY_TERMS_URL: 'https://acme.example/terms',
      LATCHKEY_PRIVACY_URL: 'http://127.0.0.1:8080/privacy',
    }).brand;
    expect(brand).toMatchObject({ name: 'Acme ID', accent: '#00aa77', termsUrl: 'https://acme.example/terms', privacyUrl: 'http://127.0.0.1:8080/privacy' });
    expect(brand.logo?.contentType).toBe('image/svg+xml');
    expect(brand.logo?.bytes.toString()).toContain('<svg');
  });

  it.each([
    [{ LATCHKEY_BRAND_NAME: 'x'.repeat(61) }, 'LATCHKEY_BRAND_NAME'],
    [{ LATCHKEY_BRAND_NAME: 'Acme\nID' }, 'LATCHKEY_BRAND_NAME'],
    [{ LATCHKEY_BRAND_ACCENT: 'red' }, 'LATCHKEY_BRAND_ACCENT'],
    [{ LATCHKEY_BRAND_ACCENT: '#12345' }, 'LATCHKEY_BRAND_ACCENT'],
    [{ LATCHKEY_BRAND_ACCENT: 'url(x)' }, 'LATCHKEY_BRAND_ACCENT'],
    [{ LATCHKEY_TERMS_URL: 'http://acme.example/terms' }, 'LATCHKEY_TERMS_URL'],
    [{ LATCHKEY_PRIVACY_URL: 'javascript:alert(1)' }, 'LATCHKEY_PRIVACY_URL'],
    [{ LATCHKEY_PRIVACY_URL: 'not a url' }, 'LATCHKEY_PRIVACY_URL'],
    [{ LATCHKEY_BRAND_LOGO: '/etc/passwd' }, 'LATCHKEY_BRAND_LOGO'],
    [{ LATCHKEY_BRAND_LOGO: '/nonexistent/logo.png' }, 'LATCHKEY_BRAND_LOGO'],
  ])('refuse %p', (env, setting) => {
    expect(configError(env).setting).toBe(setting);
  });

  it('refuse an empty or too large logo file', () => {
    const empty = join(dir, 'empty.png');
    writeFileSync(empty, '');
    expect(configError({ LATCHKEY_BRAND_LOGO: empty }).setting).toBe('LATCHKEY_BRAND_LOGO');
    const large = join(dir, 'large.png');
    writeFileSync(large, Buffer.alloc(512 * 1024 + 1));
    expect(configError({ LATCHKEY_BRAND_LOGO: large }).setting).toBe('LATCHKEY_BRAND_LOGO');
  });
});
