// node mapped.mjs profile.cpuprofile bundle.js.map [filterFnUnder]
import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const { SourceMapConsumer } = require('source-map-js');
const p = JSON.parse(fs.readFileSync(process.argv[2]));
const smc = new SourceMapConsumer(JSON.parse(fs.readFileSync(process.argv[3])));
const under = process.argv[4];
const nodes = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = new Map();
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const name = (n) => {
  const c = n.callFrame;
  if (!c.url.includes("assets/") || c.lineNumber < 0) return `${c.functionName || '(anon)'} [native]`;
  const o = smc.originalPositionFor({ line: c.lineNumber + 1, column: c.columnNumber });
  const src = (o.source ?? '?').replace(/.*node_modules\//, '').replace(/^.*\/work\/main\//, '');
  return `${o.name || c.functionName || '(anon)'} ${src}:${o.line}`;
};
const self = new Map(), incl = new Map();
let total = 0;
for (const [id, t] of dt) {
  const chain = [];
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) chain.push(nodes.get(cur));
  if (under && !chain.some((n) => n.callFrame.functionName === under)) continue;
  total += t;
  const k0 = name(chain[0]); self.set(k0, (self.get(k0) ?? 0) + t);
  const seen = new Set();
  for (const n of chain) { const k = name(n); if (seen.has(k)) continue; seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); }
}
const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => `${(t / 1000).toFixed(0).padStart(7)} ms ${((t / total) * 100).toFixed(1).padStart(5)}%  ${n}`).join('\n');
console.log(`total ${(total / 1000).toFixed(0)} ms\n--- self\n${top(self, 30)}\n--- inclusive\n${top(incl, Number(process.env.TOPN ?? 70))}`);
