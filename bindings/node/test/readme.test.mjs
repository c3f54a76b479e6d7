// The README's Node example runs as written (with `@ona/engine` pointing at
// this build).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

async function runExample(heading, maxLines) {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(at >= 0, `README has a "## ${heading}" section`);
  const section = readme.slice(at + 1).split('\n## ')[0];
  const code = section.match(/```js\n([\s\S]*?)```/)?.[1];
  assert.ok(code, `the ${heading} section has a js example`);
  assert.ok(code.trim().split('\n').length <= maxLines, 'the example stays short');
  const dist = pathToFileURL(new URL('../dist/index.js', import.meta.url).pathname).href;
  const dir = mkdtempSync(join(tmpdir(), 'ona-readme-'));
  try {
    const file = join(dir, 'example.mjs');
    writeFileSync(file, code.replaceAll("'@ona/engine'", JSON.stringify(dist)));
    await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('README Node example', () => runExample('Node', 15));
test('README engine example', () => runExample('Engine: tenants, streaming, versions', 15));
