/** The colours every page uses, one set per colour scheme. */
export interface Palette {
  page: string;
  surface: string;
  border: string;
  fieldBorder: string;
  text: string;
  muted: string;
  accent: string;
  accentHover: string;
  onAccent: string;
  accentSoft: string;
  accentText: string;
  danger: string;
  dangerSoft: string;
  dangerBorder: string;
  dangerText: string;
  successSoft: string;
  successBorder: string;
  successText: string;
}

/**
 * Neutral greys with one indigo accent. Every text/background pair the
 * styles use meets WCAG AA (4.5:1); the unit tests check it.
 */
export const palettes: { readonly light: Palette; readonly dark: Palette } = Object.freeze({
  light: {
    page: '#f4f4f5',
    surface: '#ffffff',
    border: '#e4e4e7',
    fieldBorder: '#71717a',
    text: '#18181b',
    muted: '#52525b',
    accent: '#4338ca',
    accentHover: '#3730a3',
    onAccent: '#ffffff',
    accentSoft: '#eef2ff',
    accentText: '#3730a3',
    danger: '#b91c1c',
    dangerSoft: '#fef2f2',
    dangerBorder: '#fecaca',
    dangerText: '#991b1b',
    successSoft: '#f0fdf4',
    successBorder: '#bbf7d0',
    successText: '#166534',
  },
  dark: {
    page: '#09090b',
    surface: '#18181b',
    border: '#3f3f46',
    fieldBorder: '#a1a1aa',
    text: '#fafafa',
    muted: '#a1a1aa',
    accent: '#a5b4fc',
    accentHover: '#c7d2fe',
    onAccent: '#1e1b4b',
    accentSoft: '#1e1b4b',
    accentText: '#c7d2fe',
    danger: '#f87171',
    dangerSoft: '#2a1215',
    dangerBorder: '#7f1d1d',
    dangerText: '#fecaca',
    successSoft: '#0f2a1a',
    successBorder: '#166534',
    successText: '#bbf7d0',
  },
});

/** CSS custom property declarations (`--field-border:#71717a;`) for a palette. */
export function paletteVariables(palette: Palette): string {
  return Object.entries(palette)
    .map(([key, value]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${value};`)
    .join('');
}
