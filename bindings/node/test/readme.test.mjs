// The README's Node example runs as written (with `@ona/engine` pointing at
// this build).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

test('README Node example', async () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Node\n'));
  assert.ok(section.length > 10, 'README has a "## Node" section');
  const code = section.match(/```js\n([\s\S]*?)```/)?.[1];
  assert.ok(code, 'the Node section has a js example');
  assert.ok(code.trim().split('\n').length <= 15, 'the example stays short');
  const dist = pathToFileURL(new URL('../dist/index.js', import.meta.url).pathname).href;
  const dir = mkdtempSync(join(tmpdir(), 'ona-readme-'));
  try {
    const file = join(dir, 'example.mjs');
    writeFileSync(file, code.replaceAll("'@ona/engine'", JSON.stringify(dist)));
    await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
