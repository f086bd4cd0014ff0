// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof ...`): top self-time functions
// and self time per package / source folder.
//   node --import tsx bench/profile-summary.ts bench/results/profiles/DIR/FILE.cpuprofile [top N] [--under=PATTERN ...]
// --under adds the inclusive (synchronous) time below frames whose url contains PATTERN or
// whose function is named PATTERN (e.g. --under=openapi.response.validator).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return '(native/V8)';
  const path = url.replace(/^file:\/\//, '');
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (module?.[1]) return module[1];
  if (path.startsWith('node:')) return path;
  const own = /\/(src|bench|db|generated)\/(.*)$/.exec(path);
  return own ? `${own[1]}/${own[2]}` : path;
}

function summarise(file: string, top: number, under: string[]): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    total += dt;
  });
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = where(url);
    const key = `${functionName || '(anonymous)'}  ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const group = url ? place.replace(/^(src|bench)\/([^/]+)\/.*$/, '$1/$2/') : functionName;
    byPlace.set(group, (byPlace.get(group) ?? 0) + us);
  }
  const pct = (us: number): string => `${((100 * us) / total).toFixed(1).padStart(5)}% ${(us / 1e3).toFixed(0).padStart(6)} ms`;
  const print = (title: string, map: Map<string, number>): void => {
    process.stdout.write(`\n${title}\n`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(us)}  ${key}\n`);
  };
  const idle = [...byPlace].filter(([k]) => k === '(idle)').reduce((t, [, us]) => t + us, 0);
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${((total - idle) / 1e6).toFixed(2)} s not idle\n`);
  print('Top self time by function:', byFunction);
  print('Self time by package / folder (V8 and native entries by name):', byPlace);
  if (under.length) {
    // Inclusive time of the synchronous call trees below frames matching each pattern.
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    process.stdout.write('\nInclusive (synchronous) time under frames whose url or function matches:\n');
    for (const pattern of under) {
      let us = 0;
      for (const [id, self] of selfUs) {
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          const frame = byId.get(at)?.callFrame;
          if (frame && (frame.url.includes(pattern) || frame.functionName === pattern)) {
            us += self;
            break;
          }
        }
      }
      process.stdout.write(`  ${pct(us)}  ${pattern}\n`);
    }
  }
}

const args = process.argv.slice(2);
const under = args.filter((a) => a.startsWith('--under=')).map((a) => a.slice('--under='.length));
const [file, topText] = args.filter((a) => !a.startsWith('--under='));
if (!file) {
  process.stderr.write('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [top] [--under=url-or-function-substring ...]\n');
  process.exit(2);
}
summarise(file, Number(topText ?? 25), under);
