import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');
const pages = [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f))];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');

const anchorsOf = (file: string): Set<string> =>
  new Set([...readFileSync(file, 'utf8').matchAll(/^#+\s+(.*)$/gm)].map(([, heading = '']) => anchorOf(heading)));

/** Relative links of a page, outside code blocks. */
function linksOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map(([, link = '']) => link).filter((link) => !/^[a-z]+:/.test(link));
}

describe('links in README.md and docs/', () => {
  it.each(pages.map((page) => [relative(root, page), page] as const))('%s links only to files and headings that exist', (_name, page) => {
    const broken = linksOf(page).filter((link) => {
      const [path = '', fragment] = link.split('#');
      const target = path ? resolve(dirname(page), path) : page;
      if (!existsSync(target)) return true;
      return fragment !== undefined && target.endsWith('.md') && !anchorsOf(target).has(fragment);
    });
    expect(broken).toEqual([]);
  });
});
