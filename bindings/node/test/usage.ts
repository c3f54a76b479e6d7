// Compiled with `tsc --noEmit --strict` against the shipped dist/index.d.ts
// (test/tsconfig.json): the declarations must describe real usage, and the
// `@ts-expect-error` lines must stay errors.
import {
  type Applied, Engine, type LiveStats, type Stamped, type Tenant, type Tier,
  ERROR_CODES, Graph, OnaError, type OnaErrorCode, type Progress, UNREACHABLE, approximateBetweennessCentrality,
  betweennessCentrality, closenessCentrality, communityGraph, connectedComponents, degreeSync, edgeBetweennessCentrality,
  coreNumber, egoGraph, generateOrg, generateRmat, hits, kHop, leidenCommunities, louvainCommunities, modularity, numThreads, pagerank, readEdges, readSnapshot,
  shortestPath, shortestPathLength, singleSourceDijkstraPathLength, triangles, writeResults,
  type TemporalDiff, type View, groupSizes, simplifyForView, suppressedGroups, temporalDiff,
  type CachedMetric, type CacheStats, type EdgeEvent, KafkaProducer, Neo4j, type Projection, ResultCache, type TopicRecord,
  type Version, type WriteReport, createTopic, readTopic,
} from '../dist/index.js';

async function main(): Promise<void> {
  // Building: the id type follows the input.
  const byName: Graph<string> = await Graph.fromEdges(['ann', 'bob'], ['bob', 'cy'], { weight: [1, 2] });
  const byIndex: Graph<number> = await Graph.fromEdges(new Uint32Array([0, 1]), new Uint32Array([1, 2]), { numNodes: 3 });
  const byBig: Graph<bigint> = Graph.fromEdgesSync([1n], [2n], { directed: true, duplicates: 'max', selfLoops: 'drop' });
  const ids: string[] = byName.nodeIds();
  const nums: Float64Array = byIndex.nodeIds();
  const bigs: BigUint64Array = byBig.nodeIds();
  const i: number = byName.indexOf('bob');
  // @ts-expect-error a string graph is indexed by strings
  byName.indexOf(3);
  // @ts-expect-error duplicates is one of four policies
  await Graph.fromEdges([0], [1], { duplicates: 'mean' });

  // Files: snapshots and tables.
  const bytes: number = await byName.writeSnapshot('/tmp/g.ona');
  const back: Graph<string> = await readSnapshot<string>('/tmp/g.ona', { timeout: 1000 });
  const table: Graph = await readEdges('/tmp/edges.parquet', { directed: true, weight: false, duplicates: 'max', selfLoops: 'drop' });
  await writeResults('/tmp/r.parquet', back, { pagerank: await pagerank(back), core: await coreNumber(back) }, { format: 'parquet' });
  // @ts-expect-error weight is a column name or false
  await readEdges('/tmp/edges.csv', { weight: true });
  void bytes;
  void table;

  // Algorithms: options are typed, results are typed arrays.
  const controller = new AbortController();
  const pr: Float64Array = await pagerank(byName, {
    alpha: 0.9,
    personalization: new Map([['ann', 1]]),
    weight: 'weight',
    signal: controller.signal,
    timeout: 5_000,
    onProgress: (p: Progress) => console.log(p.phase, p.done / p.total),
  });
  // @ts-expect-error personalization keys are the graph's ids
  await pagerank(byName, { personalization: new Map([[1, 1]]) });
  const bc: Float64Array = await betweennessCentrality(byName, { k: 2, seed: 7, normalized: false });
  const approx: Float64Array = await approximateBetweennessCentrality(byIndex, { epsilon: 0.05 });
  const one: number = await closenessCentrality(byName, { u: 'bob' });
  const all: Float64Array = await closenessCentrality(byName, { wfImproved: false });
  const { hubs, authorities } = await hits(byName);
  const eb = await edgeBetweennessCentrality(byName);
  const s: Uint32Array = eb.source;
  const t: BigUint64Array = await triangles(byName);
  const cc: Uint32Array = await connectedComponents(byName);
  const path: string[] | null = await shortestPath(byName, 'ann', 'cy', { weight: 'weight' });
  const len: number | null = await shortestPathLength(byIndex, 0, 2);
  const dist: Float64Array = await singleSourceDijkstraPathLength(byName, 'ann', { cutoff: 3 });
  const near = await kHop(byName, 'ann', 2, { direction: 'both' });
  const ego: Graph<string> = await egoGraph(byName, 'bob', { radius: 1 });
  const deg: Float64Array = degreeSync(byIndex, { weight: null });
  // @ts-expect-error node arguments are ids of the graph's type
  await shortestPath(byName, 0, 1);
  // @ts-expect-error options are checked
  await pagerank(byName, { alpah: 0.9 });

  // Communities and generators.
  const org: Graph<string> = await generateOrg({ people: 500, seed: 1 });
  const louvain: Uint32Array = await louvainCommunities(org, { resolution: 1.2, seed: 1 });
  const leiden: Uint32Array = await leidenCommunities(org, { objective: 'cpm', resolution: 0.1 });
  const q: number = await modularity(org, louvain);
  const qSets: number = await modularity(byName, [['ann', 'bob'], ['cy']]);
  const quotient: Graph<number> = await communityGraph(org, leiden);
  const rmat = await generateRmat({ scale: 10, seed: 1 });
  const rg: Graph<number> = await Graph.fromEdges(rmat.src, rmat.dst, { numNodes: rmat.numNodes });
  const top = org.topK(pr, 3).map((r) => `${r.id}: ${r.value.toFixed(3)}`);
  const role = org.attribute('role')?.values ?? [];

  // The ONA layer over time and for drawing.
  const later: Graph<string> = await generateOrg({ people: 500, seed: 2 });
  const diff: TemporalDiff<string> = await temporalDiff(org, later, { pack: true, topK: 5, seed: 1, minShare: 0.3 });
  const formedU: string[] = diff.formed.u;
  const degreeDelta: Float64Array = diff.metrics['degree'].delta;
  const risers: string[] = diff.topChanges['degree'].increases.map((c) => c.id);
  const brokers: string[] = diff.roles?.['broker'].became ?? [];
  const nmi: number = diff.drift.nmi;
  // @ts-expect-error both graphs have the same id type
  await temporalDiff(org, byIndex);
  const view: View<string> = await simplifyForView(org, { scores: 'betweenness', communities: louvain, maxNodes: 100, seed: 3 });
  const drawn: [string[], Float64Array, number] = [view.edges.u, view.layout, view.quotient?.edges.weight[0] ?? 0];
  // @ts-expect-error scores are a centrality name or numbers
  await simplifyForView(org, { scores: 'closeness' });
  const hidden: string[] = suppressedGroups(org, 'department', { minGroupSize: 10 });
  const sizes: Map<string, number> = groupSizes(org, 'department');
  console.log(formedU, degreeDelta, risers, brokers, nmi, drawn, hidden, sizes);

  // The multi-tenant engine.
  const eng: Engine = Engine.open('/tmp/ona-engine', { threads: 0, backgroundCompaction: true });
  const acme: Tenant = eng.tenant('acme', 'professional');
  const tier: Tier = acme.tier;
  const applied: Applied = await acme.applyEvents('email', {
    src: ['ann', 'bob'], dst: ['bob', 'cy'], weight: [1, 2], ts: [Date.now(), Date.now()], op: ['add', 'set'],
    eventId: [1, 2], source: 'kafka:mail', partition: 0, offset: 10,
  });
  await acme.importEdges('ids', { src: new Float64Array([1]), dst: [2], eventId: new BigUint64Array([7n]), ts: new BigInt64Array([1n]) });
  await acme.importEdges('big', { src: [1n], dst: [2n] });
  // @ts-expect-error op is 'add', 'remove' or 'set'
  await acme.applyEvents('email', { src: ['a'], dst: ['b'], op: ['mul'] });
  // @ts-expect-error src and dst are required
  await acme.applyEvents('email', { src: ['a'] });
  // @ts-expect-error the tier is one of four
  eng.tenant('acme', 'gold');
  const live: Graph<string> = await acme.graph<string>('email');
  const version: number | null = live.version;
  const windowed: Graph = await acme.graph('email', { window: [0, 10n] });
  const rolled: Graph[] = await acme.rolling('email', { end: Date.now(), width: 86_400_000, step: 3_600_000, count: 24 });
  const stats: LiveStats = await acme.stats('email');
  const ranked: Stamped<string> = await acme.pagerank<string>('email', { alpha: 0.85, tol: 1e-8, maxIter: 200, signal: controller.signal });
  const between: Stamped = await acme.betweenness('email', { mode: 'approximate', epsilon: 0.05, delta: 0.1 });
  const bound: number | null = between.errorBound;
  // @ts-expect-error the mode is auto, exact or approximate
  await acme.betweenness('email', { mode: 'fast' });
  const cost: number = acme.estimate('email', 'betweenness').seconds;
  const next: number = acme.offsets('email')[0].next;
  acme.createGraph('coauthors', { directed: false });
  await acme.compact('email');
  const written: number = (await acme.snapshot()) + (await eng.snapshot());
  const metrics: string = eng.metricsText();
  const bytes2: number = eng.memoryReport()[0].bytes + acme.memoryBytes();
  await eng.waitForCompactions();
  await eng.close();
  try {
    eng.tenant('trial', 'demo');
  } catch (e) {
    if (e instanceof OnaError && e.code === 'ONA_LIMIT_EXCEEDED') console.log(e.tenant, e.limit, e.requested, e.allowed);
  }
  console.log(tier, applied.version, version, windowed, rolled.length, stats.nodes, ranked.graph.nodeIds(), bound, cost, next,
    written, metrics, bytes2, eng.getTenant('acme').graphs(), eng.tenants()[0].tier, eng.path);

  // Adapters: the result cache (Redis), Neo4j, Kafka.
  const cache = new ResultCache('redis://127.0.0.1:6379', { ttlS: 600 });
  const acme2: Tenant = Engine.open('/tmp/ona-engine2').tenant('acme', 'enterprise');
  const served: CachedMetric<string> = await cache.metric<string>(acme2, 'email', 'pagerank');
  const fromCache: boolean = served.source === 'cache';
  const servedIds: string[] = served.ids;
  const v: Version = served.version;
  // @ts-expect-error the cache serves degree, pagerank and betweenness
  await cache.metric(acme2, 'email', 'closeness');
  const warmed: number = (await cache.warm(acme2, 'email', ['degree', 'pagerank'])).stored;
  const neo = await Neo4j.connect({ uri: 'bolt://127.0.0.1:7687', user: 'neo4j', password: 'secret', fetchSize: 5000 });
  const projected: Projection<number> = await neo.project<number>({
    nodes: 'MATCH (p:Person) RETURN p.id AS id', relationships: 'MATCH (a)-[r]->(b) RETURN a.id AS src, b.id AS dst',
    params: { tenant: 'acme', since: 0n }, directed: true, signal: controller.signal,
  });
  const key: string = projected.versionKey;
  const held: CachedMetric<number> = await cache.graphMetric('acme', 'org', projected.version, projected.graph, 'betweenness', { timeout: 1000 });
  const heldIds: Float64Array = held.ids;
  const stored: number = await cache.warmGraph('acme', 'org', projected.version, projected.graph, ['degree']);
  const current: Version | null = await cache.current('acme', 'org');
  const published: CachedMetric | null = await cache.published('acme', 'org', 'degree');
  const purged: number = await cache.purgeTenant('acme');
  const cacheStats: CacheStats = cache.stats();
  const report: WriteReport = await neo.write(projected.graph, 'pagerank', await pagerank(projected.graph), { label: 'Person', batchSize: 1000 });
  await neo.write(projected.graph, 'community', await louvainCommunities(projected.graph), { idKey: 'id' });
  // @ts-expect-error write takes a Float64Array or a Uint32Array
  await neo.write(projected.graph, 'x', [1, 2]);
  await neo.run('CREATE (:Person {id: $id})', { id: 1 });
  const rows: Record<string, unknown>[] = await neo.rows('MATCH (p:Person) RETURN p.id AS id');
  const partitions: number = await createTopic('127.0.0.1:9092', 'collab', 6);
  const producer = new KafkaProducer('127.0.0.1:9092', 'collab');
  const event: EdgeEvent = { tenant: 'acme', graph: 'email', src: 'ann', dst: 'bob', weight: 2, ts: Date.now(), id: 1n, op: 'add' };
  const queued: number = await producer.send([event, { tenant: 'acme', graph: 'email', src: 'bob', dst: 'ann' }]);
  // @ts-expect-error op is 'add', 'remove' or 'set'
  await producer.send([{ ...event, op: 'mul' }]);
  await producer.flush();
  const records: TopicRecord[] = await readTopic('127.0.0.1:9092', 'collab');
  const firstKey: string | undefined = records[0]?.key?.toString();
  console.log(fromCache, servedIds, v, warmed, key, heldIds, stored, current, published?.scores, purged, cacheStats.redisUnavailable,
    report.rows, rows, partitions, queued, firstKey, records[0]?.headers['ona-dlq-reason']);

  // Errors.
  try {
    await pagerank(byName, { alpha: 2 });
  } catch (e) {
    if (e instanceof OnaError) {
      const code: OnaErrorCode = e.code;
      console.log(code === 'ONA_INVALID_PARAMETER', e.message, e.cause);
    }
  }
  const codes: readonly OnaErrorCode[] = ERROR_CODES;
  console.log(ids, nums, bigs, i, bc, approx, one, all, hubs, authorities, s, t, cc, path, len, dist, near.nodes,
    ego.numberOfNodes(), deg, q, qSets, quotient.numberOfEdges(), rg.numberOfNodes(), top, role, codes, UNREACHABLE,
    numThreads());
}

void main();
