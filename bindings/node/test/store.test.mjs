// Files: snapshots (readSnapshot / Graph.writeSnapshot), edge tables
// (readEdges: CSV, TSV; Parquet and Arrow IPC written by writeResults' own
// encoder) and result tables (writeResults).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import * as ona from '../dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ona-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SRC = ['ana', 'bo', 'cy', 'bo', 'dee', 'eve', 'ana'];
const DST = ['bo', 'cy', 'dee', 'dee', 'eve', 'eve', 'bo'];
const W = [1, 2, 0.5, 1.5, 3, 1, 2];

async function same(a, b) {
  assert.deepEqual([...a.nodeIds()], [...b.nodeIds()]);
  assert.equal(a.isDirected(), b.isDirected());
  assert.equal(a.isWeighted(), b.isWeighted());
  assert.equal(a.numberOfEdges(), b.numberOfEdges());
  assert.equal(a.numberOfSelfLoops(), b.numberOfSelfLoops());
  assert.deepEqual(await ona.pagerank(a), await ona.pagerank(b));
  assert.deepEqual(await ona.degree(a, { weight: a.isWeighted() ? 'weight' : null }), await ona.degree(b, { weight: b.isWeighted() ? 'weight' : null }));
}

async function fails(code, f, message) {
  await assert.rejects(f, (e) => {
    assert.ok(e instanceof ona.OnaError, String(e));
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('snapshots', () => {
  for (const directed of [false, true]) {
    test(`round trip (${directed ? 'directed' : 'undirected'}; string, number and BigInt ids)`, async () => {
      const graphs = [
        await ona.Graph.fromEdges(SRC, DST, { weight: W, directed }),
        await ona.Graph.fromEdges([10, 3, 7, 3], [3, 7, 99, 99], { directed, nodes: [1] }),
        await ona.Graph.fromEdges([2n ** 64n - 1n, 5n], [5n, 7n], { directed }),
      ];
      for (const [i, g] of graphs.entries()) {
        const file = join(dir, `g${i}-${directed}.ona`);
        const bytes = await g.writeSnapshot(file);
        assert.equal(bytes, statSync(file).size);
        const h = await ona.readSnapshot(file);
        await same(g, h);
        assert.equal(h.nodeIds().constructor, g.nodeIds().constructor);
        // Writing again replaces the file and leaves no temporary file.
        assert.equal(await g.writeSnapshot(file), bytes);
      }
      assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp.')), []);
    });
  }

  test('a corrupt file rejects with ONA_CORRUPT_SNAPSHOT naming the section', async () => {
    const g = await ona.Graph.fromEdges(SRC, DST, { weight: W });
    const file = join(dir, 'good.ona');
    await g.writeSnapshot(file);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1] ^= 0x40;
    const cases = { flipped, truncated: good.subarray(0, good.length - 9), empty: Buffer.alloc(0), text: Buffer.from('a,b\n') };
    for (const [name, bytes] of Object.entries(cases)) {
      const p = join(dir, `${name}.ona`);
      writeFileSync(p, bytes);
      await fails('ONA_CORRUPT_SNAPSHOT', () => ona.readSnapshot(p), /section/);
    }
    await fails('ONA_CORRUPT_SNAPSHOT', () => ona.readSnapshot(join(dir, 'flipped.ona')), /checksum/);
  });

  test('a newer format rejects with ONA_UNSUPPORTED_VERSION', async () => {
    const file = join(dir, 'newer.ona');
    await ona.Graph.fromEdgesSync([0, 1], [1, 2]).writeSnapshot(file);
    const bytes = readFileSync(file);
    bytes.writeUInt32LE(7, 12); // minimum reader version
    writeFileSync(file, bytes);
    await fails('ONA_UNSUPPORTED_VERSION', () => ona.readSnapshot(file));
  });

  test('missing files and directories reject with ONA_IO', async () => {
    await fails('ONA_IO', () => ona.readSnapshot(join(dir, 'missing.ona')), /missing\.ona/);
    await fails('ONA_IO', () => ona.Graph.fromEdgesSync([0], [1]).writeSnapshot(join(dir, 'no', 'such.ona')));
    await fails('ONA_INVALID_PARAMETER', () => ona.readSnapshot(''));
    await fails('ONA_INVALID_PARAMETER', () => ona.readSnapshot(join(dir, 'x.ona'), { bogus: 1 }));
  });
});

describe('readEdges', () => {
  test('CSV and TSV equal Graph.fromEdges', async () => {
    const rows = SRC.map((s, i) => `${s},${DST[i]},${W[i]}`);
    const csv = join(dir, 'e.csv');
    writeFileSync(csv, ['source,target,weight', ...rows, ''].join('\n'));
    const tsv = join(dir, 'e.tsv');
    writeFileSync(tsv, ['source\ttarget\tweight', ...rows.map((r) => r.replaceAll(',', '\t')), ''].join('\n'));
    for (const file of [csv, tsv]) {
      for (const directed of [false, true]) {
        await same(await ona.readEdges(file, { directed }), await ona.Graph.fromEdges(SRC, DST, { weight: W, directed }));
        await same(await ona.readEdges(file, { directed, weight: false }), await ona.Graph.fromEdges(SRC, DST, { directed }));
      }
    }
  });

  test('Parquet and Arrow IPC equal the CSV (integer ids, named columns, policies)', async () => {
    // Edge tables written through writeResults: column `id` is the source.
    const ids = await ona.Graph.fromEdges([5, 3, 9, 3], [3, 9, 1, 1]);
    const target = new Uint32Array([3, 9, 1, 1]); // one target per node 1, 3, 5, 9
    const weight = new Float64Array([1, 2, 3, 4]);
    const csv = join(dir, 'int.csv');
    writeFileSync(csv, 'id,to,w\n1,3,1\n3,9,2\n5,1,3\n9,1,4\n');
    const expected = await ona.readEdges(csv, { source: 'id', target: 'to', weight: 'w', duplicates: 'max' });
    assert.deepEqual([...expected.nodeIds()], [1, 3, 5, 9]);
    for (const ext of ['parquet', 'arrow']) {
      const file = join(dir, `int.${ext}`);
      await ona.writeResults(file, ids, { to: target, w: weight });
      const g = await ona.readEdges(file, { source: 'id', target: 'to', weight: 'w', duplicates: 'max' });
      await same(g, expected);
      assert.ok(g.nodeIds() instanceof Float64Array);
    }
  });

  test('node table, policies and errors naming row and column', async () => {
    const edges = join(dir, 'p.csv');
    writeFileSync(edges, 'source,target,weight\na,b,1\nb,a,2\nc,c,1\n');
    const nodes = join(dir, 'n.csv');
    writeFileSync(nodes, 'id,department\nz,ops\na,eng\n');
    const g = await ona.readEdges(edges, { nodes });
    assert.deepEqual(g.nodeIds(), ['z', 'a', 'b', 'c']);
    assert.deepEqual(g.attributeNames(), ['department']);
    assert.equal((await ona.readEdges(edges, { selfLoops: 'drop' })).numberOfSelfLoops(), 0);
    await fails('ONA_DUPLICATE_EDGE', () => ona.readEdges(edges, { duplicates: 'error' }));
    await fails('ONA_SELF_LOOP', () => ona.readEdges(edges, { selfLoops: 'error' }));
    await fails('ONA_INVALID_PARAMETER', () => ona.readEdges(edges, { duplicates: 'mean' }));
    await fails('ONA_INVALID_PARAMETER', () => ona.readEdges(edges, { weight: true }));
    await fails('ONA_INVALID_PARAMETER', () => ona.readEdges(edges, { bogus: 1 }));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'source,target,weight\na,b,1\nb,c,heavy\n');
    await fails('ONA_INVALID_TABLE', () => ona.readEdges(bad), /bad\.csv.*row 1.*weight/);
    await fails('ONA_INVALID_TABLE', () => ona.readEdges(bad, { weight: 'nope' }), /nope/);
    const junk = join(dir, 'junk.parquet');
    writeFileSync(junk, 'PAR1 not parquet');
    await fails('ONA_TABLE_FORMAT', () => ona.readEdges(junk));
    await fails('ONA_IO', () => ona.readEdges(join(dir, 'missing.csv')));
  });
});

describe('writeResults', () => {
  test('CSV: id column, then the columns in order', async () => {
    const g = await ona.Graph.fromEdges(SRC, DST, { weight: W, selfLoops: 'drop' });
    const pr = await ona.pagerank(g);
    const core = await ona.coreNumber(g);
    const file = join(dir, 'r.csv');
    await ona.writeResults(file, g, { pagerank: pr, core, ones: Array(g.numberOfNodes()).fill(1) });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'id,pagerank,core,ones');
    assert.equal(lines.length, g.numberOfNodes() + 1);
    lines.slice(1).forEach((line, i) => {
      const [id, p, c] = line.split(',');
      assert.equal(id, g.nodeIds()[i]);
      assert.equal(Number(p), pr[i]);
      assert.equal(Number(c), core[i]);
    });
    // A path without a known extension needs a format.
    await ona.writeResults(join(dir, 'r.txt'), g, { pagerank: pr }, { format: 'tsv' });
    assert.equal(readFileSync(join(dir, 'r.txt'), 'utf8').split('\n')[0], 'id\tpagerank');
  });

  test('errors', async () => {
    const g = ona.Graph.fromEdgesSync([0, 1], [1, 2]);
    await fails('ONA_INVALID_TABLE', () => ona.writeResults(join(dir, 'e.parquet'), g, { short: new Float64Array(2) }), /short/);
    await fails('ONA_INVALID_TABLE', () => ona.writeResults(join(dir, 'e.parquet'), g, { id: new Float64Array(3) }));
    await fails('ONA_INVALID_PARAMETER', () => ona.writeResults(join(dir, 'e.xyz'), g, { x: new Float64Array(3) }));
    await fails('ONA_INVALID_PARAMETER', () => ona.writeResults(join(dir, 'e.csv'), g, { x: 'text' }));
    await fails('ONA_IO', () => ona.writeResults(join(dir, 'no', 'e.csv'), g, { x: new Float64Array(3) }));
  });
});
