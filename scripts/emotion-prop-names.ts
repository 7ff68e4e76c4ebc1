// A Vite plugin for the renderer's build: @emotion/is-prop-valid answers "may this prop reach the DOM?" with one
// regular expression of about 300 alternatives, tested first while @emotion/styled loads. V8 compiles that
// expression on its first test: 17 ms of every page load in a profile of the bench's reload (4 ms in bare Node),
// before the workstation renders anything (docs/performance.md, "Twenty-fifth session"). The plugin keeps
// emotion's own list, read from the module as it ships, and asks it as a Set: the same answers, nothing to
// compile. If emotion changes the module's shape, or the build no longer loads it from where the plugin looks,
// the build stops and says so, rather than ship it unchanged.

import type { Plugin } from 'vite';

const MODULE = /@emotion[\\/]is-prop-valid[\\/]dist[\\/]emotion-is-prop-valid\.esm\.js$/;
/** `var reactPropsRegex = /^((a|b|…)|(([Dd][Aa][Tt][Aa]|[Aa][Rr][Ii][Aa]|x)-.*))$/;` as emotion 11 ships it. */
const DECLARATION = /var reactPropsRegex = \/\^\(\(([A-Za-z0-9|]+)\)\|\(\(\[Dd\]\[Aa\]\[Tt\]\[Aa\]\|\[Aa\]\[Rr\]\[Ii\]\[Aa\]\|x\)-\.\*\)\)\$\/;/;

/**
 * The module's source with its expression replaced by a lookup that answers the same: one of the listed
 * names, or a `data-`/`aria-` (any case) or `x-` attribute. Throws when the declaration is not found.
 */
export function withPropNameSet(code: string): string {
  const found = DECLARATION.exec(code);
  if (!found) throw new Error('@emotion/is-prop-valid no longer declares reactPropsRegex as scripts/emotion-prop-names.ts expects: review the plugin');
  const names = JSON.stringify((found[1] ?? '').split('|'));
  const lookup =
    // One line, as the declaration was: the module's later lines keep their place for its source map.
    `var reactPropNames = new Set(${names}); ` +
    'var reactPropsRegex = { test: function (prop) { return reactPropNames.has(prop) || /^(?:[Dd][Aa][Tt][Aa]|[Aa][Rr][Ii][Aa]|x)-.*$/.test(prop); } };';
  return code.replace(found[0], lookup);
}

export function emotionPropNames(): Plugin {
  let rewritten = false;
  return {
    name: 'switchboard:emotion-prop-names',
    // The dev server serves dependencies pre-bundled, where no plugin transforms them: builds only.
    apply: 'build',
    buildStart() {
      rewritten = false;
    },
    transform(code: string, id: string) {
      if (!MODULE.test(id.split('?')[0] ?? id)) return null;
      rewritten = true;
      return { code: withPropNameSet(code), map: null };
    },
    buildEnd(error?: Error) {
      if (!error && !rewritten) this.error('@emotion/is-prop-valid was not built from the module scripts/emotion-prop-names.ts rewrites: review the plugin');
    },
  };
}
