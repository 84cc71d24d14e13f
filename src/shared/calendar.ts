// The calendar the programme runs on: Vietnam's (UTC+7, no daylight saving). A server in UTC
// and a phone set to another zone must agree on what "today" is, or a visit typed at
// 06:00 on the 2nd is refused as being "in the future" until 07:00.

const VIETNAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Vietnam as YYYY-MM-DD (or the Vietnamese date of any instant). */
export function todayInVietnam(now: Date = new Date()): string {
  return VIETNAM_DATE.format(now);
}

/** The current year in Vietnam (read when asked, so a server running past New Year follows). */
export function yearInVietnam(now: Date = new Date()): number {
  return Number(todayInVietnam(now).slice(0, 4));
}

/** The calendar date `days` after (or before, if negative) a YYYY-MM-DD date. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Age in whole years on a date; with only a birth year, born on 1 January (domain.md). */
export function ageOn(person: { birthDate: string | null; birthYear: number }, date: string): number {
  const birth = person.birthDate ?? `${person.birthYear}-01-01`;
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
