import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Plugin } from 'vite';
import { emotionPropNames, withPropNameSet } from '../../../scripts/emotion-prop-names.ts';
import viteConfig from '../../../vite.config.ts';

/**
 * The renderer's build swaps emotion's prop-name expression for a Set (scripts/emotion-prop-names.ts). Which
 * props reach the DOM must not change: a prop let through that should not be puts junk attributes on elements
 * (and React warnings in the console); one held back loses an `aria-` label or an `onClick`.
 */
const require = createRequire(import.meta.url);
const shipped = readFileSync(require.resolve('@emotion/is-prop-valid').replace(/[^/]+$/, 'emotion-is-prop-valid.esm.js'), 'utf8');

/** The module's test as the given source declares it (its `memoize` import replaced by a pass-through). */
function propTest(source: string): (prop: string) => boolean {
  const body = source.replace(/^import memoize from '@emotion\/memoize';$/m, 'var memoize = function (fn) { return fn; };').replace(/^export \{ isPropValid as default \};$/m, 'return isPropValid;');
  return new Function(body)() as (prop: string) => boolean;
}

describe("emotion's prop names as a Set", () => {
  const original = propTest(shipped);
  const rebuilt = propTest(withPropNameSet(shipped));
  const listed = (/\^\(\(([A-Za-z0-9|]+)\)/.exec(shipped)?.[1] ?? '').split('|');

  it('answers as emotion does for every listed name and for the props around them', () => {
    expect(listed.length).toBeGreaterThan(250);
    const around = listed.flatMap((name) => [name, name.toLowerCase(), name.toUpperCase(), `${name}x`, name.slice(1), `${name}-`]);
    const others = [
      'data-testid', 'DATA-x', 'Data-', 'aria-label', 'ARIA-hidden', 'x-id', 'X-id', 'xid', 'datax', 'data', 'aria', 'x-', 'data-a\nb',
      'onClick', 'onclick', 'onX', 'on', 'ownerState', 'sx', 'theme', 'as', 'variant', 'color', 'children', '', ' ', 'constructor', '__proto__', 'toString',
    ];
    const differing = [...around, ...others].filter((prop) => original(prop) !== rebuilt(prop));
    expect(differing).toEqual([]);
    // Both kinds of answer are in the sample, so agreeing is not agreeing on "false" alone.
    expect(others.filter(rebuilt)).toEqual(expect.arrayContaining(['data-testid', 'aria-label', 'x-id', 'onClick', 'color', 'children']));
    expect(others.filter((prop) => !rebuilt(prop))).toEqual(expect.arrayContaining(['ownerState', 'sx', 'theme', 'variant', 'onclick', 'xid']));
  });

  it('stops the build when the module no longer has the expression it expects', () => {
    expect(() => withPropNameSet(shipped.replace('var reactPropsRegex = /^((children|', 'var reactPropsRegex = /^((kids|'))).not.toThrow();
    expect(() => withPropNameSet(shipped.replace('var reactPropsRegex', 'const reactPropsRegex'))).toThrow(/review the plugin/);
    expect(() => withPropNameSet('export default function isPropValid() { return true; }')).toThrow(/review the plugin/);
  });

  it('is part of the renderer build, rewrites the module where the build loads it, and stops a build that never loaded it', () => {
    const plugins = (viteConfig.plugins ?? []).flat() as Plugin[];
    expect(plugins.map((plugin) => plugin?.name)).toContain('switchboard:emotion-prop-names');

    const plugin = emotionPropNames();
    const hooks = plugin as unknown as {
      buildStart: () => void;
      transform: (code: string, id: string) => { code: string } | null;
      buildEnd: (this: { error: (message: string) => never }, error?: Error) => void;
    };
    const stops = { error: (message: string): never => { throw new Error(message); } };
    hooks.buildStart();
    expect(() => hooks.buildEnd.call(stops)).toThrow(/review the plugin/);
    hooks.buildStart();
    expect(hooks.transform('export default 1;', '/app/node_modules/@emotion/styled/dist/emotion-styled.esm.js')).toBeNull();
    const done = hooks.transform(shipped, '/app/node_modules/@emotion/is-prop-valid/dist/emotion-is-prop-valid.esm.js?v=1');
    expect(done?.code).toContain('new Set(');
    // The module keeps its line count, so the source map of the lines after the declaration still holds.
    expect(done?.code.split('\n').length).toBe(shipped.split('\n').length);
    expect(() => hooks.buildEnd.call(stops)).not.toThrow();
  });
});
