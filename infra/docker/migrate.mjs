// The images' migration step (compose's `migrate` service, the chart's pre-install/pre-upgrade
// Job): applies the pending migrations of prisma/migrations to DATABASE_URL, as `morphsweep up`
// does at start, and exits. Safe to run concurrently and again: applied ones are skipped.
import db from '@morphsweep/db';

const url = process.env.DATABASE_URL;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error('migrate: DATABASE_URL must be set to a postgresql:// URL');
  process.exit(1);
}
try {
  const { applied, alreadyApplied } = await db.applyMigrations(url);
  console.log(
    `migrate: applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(', ')}` : ''}; ` +
      `${alreadyApplied.length} already applied`,
  );
} catch (error) {
  console.error(`migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
