import { allSettings } from '../../src/config/schema.js';

/**
 * The settings table in `docs/configuration.md`, built from the settings schema so the two cannot drift;
 * with `names`, only those settings (in schema order), for a topic page.
 */
export function settingsTable(names?: readonly string[]): string {
  const rows = allSettings.filter((s) => !names || names.includes(s.name)).map((s) => {
    const name = s.secret ? `\`${s.name}\` (or \`${s.name}_FILE\`)` : `\`${s.name}\``;
    const fallback = s.defaultText.startsWith('(') ? s.defaultText : `\`${s.defaultText}\``;
    return `| ${name} | ${fallback} | ${s.description} |`;
  });
  return ['| Setting | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
