// `npm run cluster`: a two-node Temporal cluster on PostgreSQL, on 127.0.0.1, until Ctrl-C (see README "Temporal
// cluster (production path)"). Data stays in DATA_DIR/cluster (default ./.data/cluster), so a second run reuses it
// and only upgrades the schemas. Prints the environment for `nhac-han worker` / `nhac-han web` against it.
import path from 'node:path';
import { loadConfig } from '../src/config';
import { applyMigrations } from '../src/embedded/migrate';
import { startTemporalCluster } from '../src/embedded/temporal-cluster';
import { ensureTemporalServer } from '../src/embedded/temporal-schemas';
import { untilStopSignal } from '../src/runtime/stop-signal';

async function main(): Promise<void> {
  const config = loadConfig();
  const serverDir = ensureTemporalServer(path.join(__dirname, '..'));
  const t0 = Date.now();
  const say = (line: string) => console.log(`[cluster] ${line}`);
  const cluster = await startTemporalCluster({
    serverDir,
    dataDir: path.join(config.dataDir, 'cluster'),
    nodes: Number(process.env.NHAC_HAN_CLUSTER_NODES ?? 2),
    postgresPort: config.embedded.postgresPort,
    log: say,
  });
  const applied = await applyMigrations(cluster.productDatabaseUrl);
  say(`product database: ${applied.length} migrations applied`);
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; members ${JSON.stringify(await cluster.members())}`);
  say('run the product against it, e.g.:');
  say(`  DATABASE_URL=${cluster.productDatabaseUrl} TEMPORAL_ADDRESS=${cluster.addresses[0]} npx nhac-han worker`);
  for (const n of cluster.nodes)
    say(`node ${n.index + 1}: ${n.address}  metrics ${n.metricsUrl}  config ${n.configFile}`);
  const signal = await untilStopSignal();
  say(`${signal}: stopping …`);
  await cluster.stop();
}

main().catch((err: unknown) => {
  console.error(`[cluster] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
