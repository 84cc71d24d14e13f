// What a household list matches when someone types in its search box: the head's name, the
// address or hamlet group (without diacritics), or the household number exactly. Both the
// registry's list and the team assignment list read households as `h` joined to `head`.
import { sql } from 'kysely';
import { escapeLike } from '../../http/scope.ts';

export function householdTextMatch(typed: string) {
  const pattern = sql<string>`'%' || search_text(${escapeLike(typed)}) || '%'`;
  return sql<boolean>`(head.name_search LIKE ${pattern} OR search_text(h.address || ' ' || coalesce(h.hamlet_group, '')) LIKE ${pattern} OR h.code = ${typed})`;
}
