// A spending entry of the budget paid for an award (khen thưởng): the leader's decision of a
// campaign (issue 18) it paid the certificates and prizes of. The budget's migration left
// the column without its reference until awards existed.
// Frozen once applied (never import live code here).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE budget_spending ADD CONSTRAINT budget_spending_award FOREIGN KEY (award_id) REFERENCES award_decisions(id)`.execute(db);
  await sql`CREATE INDEX budget_spending_award ON budget_spending (award_id) WHERE award_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX budget_spending_award`.execute(db);
  await sql`ALTER TABLE budget_spending DROP CONSTRAINT budget_spending_award`.execute(db);
}
