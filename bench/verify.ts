/**
 * Before measuring, each read workload's first request is sent once to every server: they must
 * all answer 2xx with the same item counts, or the comparison would be between different work.
 */
import type { SeedResult } from './seed.js';
import type { ServerHandle } from './servers.js';
import type { Workload } from './workloads.js';

export interface Answer {
  status: number;
  totalItems?: number;
  items?: number;
}

/** Returns one line per disagreement (empty when every server gave the same answer) and what they answered. */
export async function compareAnswers(servers: ServerHandle[], seeds: Map<string, SeedResult>, ws: Workload[]): Promise<{ problems: string[]; agreed: string[] }> {
  const problems: string[] = [];
  const agreed: string[] = [];
  for (const w of ws.filter((x) => x.kind === 'http' && x.name !== 'create')) {
    const answers = await Promise.all(servers.map((s) => answer(s.url, w, seeds.get(s.kind)!)));
    const shown = answers.map((a, i) => `${servers[i].kind} ${JSON.stringify(a)}`).join(', ');
    const bad = answers.some((a) => a.status < 200 || a.status >= 300);
    const differ = answers.some((a) => a.totalItems !== answers[0].totalItems || a.items !== answers[0].items);
    if (bad || differ) problems.push(`${w.name}: ${shown}`);
    else agreed.push(`${w.name} ${JSON.stringify(answers[0])}`);
  }
  return { problems, agreed };
}

async function answer(url: string, w: Workload, seed: SeedResult): Promise<Answer> {
  const req = w.requests!(seed)[0];
  const res = await fetch(url + req.path, { method: req.method, headers: req.headers, body: req.body });
  const body = (await res.json().catch(() => ({}))) as { totalItems?: number; items?: unknown[] };
  return { status: res.status, totalItems: body.totalItems, items: body.items?.length };
}
