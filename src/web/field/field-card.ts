// A scanned door card (/q/<code>) opens the household in the field app when this phone holds
// it: no network needed. Loaded on demand so the desk app never opens the field database.
export async function findLocalHouseholdByCard(code: string): Promise<string | null> {
  const { fieldDataExists, fieldDb, getVault } = await import('./field-db.ts');
  if (!code || !(await fieldDataExists())) return null;
  // A phone whose data are locked by a PIN: the card's code is readable (an index), the
  // household opens behind the PIN screen.
  if (!(await getVault())?.pin) return null;
  const household = await fieldDb().households.where('cardCode').equals(code).first();
  return household?.id ?? null;
}
