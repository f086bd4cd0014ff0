import { allSettings } from '../../src/config/schema.js';

/** The settings table in `docs/configuration.md`, built from the settings schema so the two cannot drift. */
export function settingsTable(): string {
  const rows = allSettings.map((s) => {
    const name = s.secret ? `\`${s.name}\` (or \`${s.name}_FILE\`)` : `\`${s.name}\``;
    const fallback = s.defaultText.startsWith('(') ? s.defaultText : `\`${s.defaultText}\``;
    return `| ${name} | ${fallback} | ${s.description} |`;
  });
  return ['| Setting | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
