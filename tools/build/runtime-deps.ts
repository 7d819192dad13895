import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

export interface MissingDependency {
  /** The package a compiled file requires. */
  pkg: string;
  /** The compiled file that requires it. */
  from: string;
}

const REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)/g;

const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(packageName(spec)) || builtinModules.includes(spec);

function resolveFile(p: string): string | null {
  for (const candidate of [p, `${p}.js`, `${p}.json`, path.join(p, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Follows the `require()` calls of compiled code from its entry points (relative files, and
 * the `@fd/*` packages of `<dist>/node_modules`) and answers each outside package it needs
 * that `dependencies` does not name: what `npm ci --omit=dev` would leave out of the image.
 * Every require counts, lazy ones too. A require of our own code that does not resolve is
 * answered as missing as well (a test helper the build leaves out, say).
 */
export function missingRuntimeDependencies(dist: string, entries: string[], dependencies: Record<string, string>): MissingDependency[] {
  const missing: MissingDependency[] = [];
  const seen = new Set<string>();
  const queue = entries.map((e) => path.resolve(e));
  for (let file; (file = queue.shift()); ) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const from = path.relative(dist, file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(REQUIRE)) {
      if (isBuiltin(spec)) continue;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolveFile(path.resolve(path.dirname(file), spec));
        if (target) queue.push(target);
        else missing.push({ pkg: spec, from });
        continue;
      }
      const own = resolveFile(path.join(dist, 'node_modules', spec));
      if (own) {
        queue.push(own);
        continue;
      }
      if (!(packageName(spec) in dependencies)) missing.push({ pkg: packageName(spec), from });
    }
  }
  return missing;
}
