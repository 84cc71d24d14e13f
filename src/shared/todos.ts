// "Việc cần làm": what an account must act on now, on its landing page. Each item leads to
// the page where it is done. The server gathers them from one provider per kind of work
// (src/server/features/todos); the answer's schema is shared with the web.
import { z } from 'zod';

export const TODO_KINDS = [
  /** A report whose period has ended and that nobody has started. */
  'report_write',
  /** A draft of an ended period, to finish and submit. */
  'report_submit',
  /** A report returned by its reviewer, to correct and submit again. */
  'report_resend',
  /** Villages' reports submitted to Phòng VH-XH, to accept or return. */
  'report_review',
  /** The commune's report submitted to the leader, to approve (which sends it to the Sở). */
  'report_approve',
  /** Communes that have not sent the month's report to the province yet. */
  'reports_missing',
  /** Households where nobody can use digital services and no team member looks after them. */
  'households_unassigned',
  /** An uploaded list not yet written into the registry, nor discarded. */
  'import_unfinished',
  /** Accounts that cannot log in now after too many wrong passwords. */
  'accounts_locked',
  /** A task of the account's own unit due within a week, or overdue. */
  'task_due',
  /** Another unit's overdue tasks, for those who follow every unit's (Phòng VH-XH, the leader). */
  'tasks_overdue',
  /** No backup that verified for more than 2 days (or none ever): data could be lost for good. */
  'backup_stale',
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

export const TodoItemSchema = z.object({
  /** Stable across calls (a list key on the web, a handle in tests). */
  key: z.string(),
  kind: z.enum(TODO_KINDS),
  /** What to do, as a sentence start: "Viết báo cáo tháng 11/2026". */
  title: z.string(),
  /** Why or what about: the due day, the reviewer's words, the units concerned. */
  detail: z.string().nullable(),
  /** The web page where it is done. */
  href: z.string(),
  /** 'YYYY-MM-DD' the work is due, when it has a due day. */
  dueOn: z.string().nullable(),
  /** Past its due day and not done. */
  late: z.boolean(),
  /** How many things the item stands for (households, reports, accounts), when more than one kind of thing. */
  count: z.number().int().nullable(),
});
export type TodoItem = z.infer<typeof TodoItemSchema>;

export const TodoListSchema = z.object({
  /** The day (Vietnam) the list was made for: lateness is judged on it. */
  asOf: z.string(),
  /** Late ones first, then by due day, then the rest in a fixed order of kinds. */
  items: z.array(TodoItemSchema),
});
export type TodoList = z.infer<typeof TodoListSchema>;
