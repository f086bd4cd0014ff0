import { palettes, type Palette } from '../../../../src/interaction/pages/palette.js';
import { STYLES } from '../../../../src/interaction/pages/styles.js';

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [16, 8, 0].map((shift) => {
    const c = ((n >> shift) & 255) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2.x contrast ratio. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** Every foreground/background pair the stylesheet puts text on. */
const TEXT_PAIRS: [keyof Palette, keyof Palette][] = [
  ['text', 'surface'],
  ['text', 'page'],
  ['muted', 'surface'],
  ['muted', 'page'],
  ['onAccent', 'accent'],
  ['onAccent', 'accentHover'],
  ['accentText', 'accentSoft'],
  ['danger', 'surface'],
  ['danger', 'dangerSoft'],
  ['dangerText', 'dangerSoft'],
  ['successText', 'successSoft'],
];

describe.each(['light', 'dark'] as const)('%s palette', (scheme) => {
  const palette = palettes[scheme];

  it.each(TEXT_PAIRS)('%s on %s meets WCAG AA (4.5:1)', (fg, bg) => {
    expect(contrast(palette[fg], palette[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it.each([['fieldBorder', 'surface'], ['accent', 'surface'], ['danger', 'surface']] as const)(
    'the %s edge on %s is visible (3:1 for UI components)',
    (fg, bg) => {
      expect(contrast(palette[fg], palette[bg])).toBeGreaterThanOrEqual(3);
    },
  );
});

describe('STYLES', () => {
  it('shows a focus outline and switches palettes for dark mode', () => {
    expect(STYLES).toContain(':focus-visible{outline:3px solid var(--accent)');
    expect(STYLES).toContain('@media (prefers-color-scheme:dark)');
    expect(STYLES).toContain(`--on-accent:${palettes.dark.onAccent};`);
  });

  it('uses the system font stack and loads nothing', () => {
    expect(STYLES).toContain('font-family:system-ui,');
    expect(STYLES).not.toMatch(/url\(|@import|@font-face|https?:|\/\//);
  });

  it('cannot end the <style> element early', () => {
    expect(STYLES).not.toMatch(/<\//);
  });

  it('only uses variables the palette defines', () => {
    const defined = new Set([...STYLES.matchAll(/--([a-z-]+):/g)].map((m) => m[1]));
    const used = new Set([...STYLES.matchAll(/var\(--([a-z-]+)\)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
  });
});
