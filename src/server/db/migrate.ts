// Applies pending migrations. Kysely's Migrator takes a PostgreSQL advisory lock for the
// whole run, so two servers starting at once cannot apply the same migration twice.
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import * as initial from './migrations/0001-initial.ts';
import * as importsAndCards from './migrations/0002-imports-and-cards.ts';
import * as teamsSupportSync from './migrations/0003-teams-support-sync.ts';
import * as indicators from './migrations/0004-indicators.ts';
import * as reports from './migrations/0005-reports.ts';
import * as importHouseholdChoice from './migrations/0006-import-household-choice.ts';
import * as attachments from './migrations/0007-attachments.ts';
import * as trainings from './migrations/0008-trainings.ts';
import * as communication from './migrations/0009-communication.ts';
import * as backups from './migrations/0013-backups.ts';
import * as fieldDeviceKeys from './migrations/0016-field-device-keys.ts';
import * as spendingAwards from './migrations/0017-spending-awards.ts';
import * as budget from './migrations/0012-budget.ts';
import * as groupSessions from './migrations/0010-group-sessions.ts';
import * as plansTasks from './migrations/0011-plans-tasks.ts';
import * as awards from './migrations/0014-awards.ts';
import * as syncVersions from './migrations/0015-sync-versions.ts';

export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-imports-and-cards': importsAndCards,
  '0003-teams-support-sync': teamsSupportSync,
  '0004-indicators': indicators,
  '0005-reports': reports,
  '0006-import-household-choice': importHouseholdChoice,
  '0007-attachments': attachments,
  '0008-trainings': trainings,
  '0009-communication': communication,
  '0013-backups': backups,
  '0012-budget': budget,
  '0010-group-sessions': groupSessions,
  '0011-plans-tasks': plansTasks,
  '0014-awards': awards,
  '0015-sync-versions': syncVersions,
  '0016-field-device-keys': fieldDeviceKeys,
  '0017-spending-awards': spendingAwards,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Fast path for an ordinary start: everything is applied already. The Migrator's own
  // check introspects the catalog, which costs half a second on PGlite.
  if (await allApplied(db)) return [];
  // Features are built side by side, each with the migration number it was given, and land
  // in any order: a database that has 0007 must still take a 0006 that lands after it.
  // Each migration touches only its own feature's tables, so their order does not matter.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function allApplied(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
    const applied = new Set(rows.map((r) => r.name));
    return Object.keys(migrations).every((name) => applied.has(name));
  } catch {
    return false; // no migration table yet: a new database
  }
}
