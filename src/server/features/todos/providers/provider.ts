// What each kind of work implements; todos.service lists the providers and merges their items.
import type { Kysely } from 'kysely';
import type { TodoItem } from '../../../../shared/todos.ts';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../http/actor.ts';

export interface TodoProvider {
  /** For logs and tests. */
  name: string;
  /** The actor's items of this kind now ([] when the role has none); `today` is Vietnam's date. */
  items(db: Kysely<DB>, actor: Actor, today: string): Promise<TodoItem[]>;
}
