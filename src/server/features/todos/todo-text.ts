// How the providers word what they list: a few names and a count for the rest, a moment in
// Vietnam's time.

/** "Thôn A, Thôn B, Thôn C, Thôn D và 3 nơi khác": a few names, the rest counted. */
export function namesOf(names: string[], shown = 4): string {
  if (names.length <= shown + 1) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} và ${names.length - shown} nơi khác`;
}

const MOMENT = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
/** "10:05 05/12/2026" in Vietnam's time. */
export function formatMoment(at: Date | string | null): string {
  if (!at) return '—';
  const parts = Object.fromEntries(MOMENT.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
}
