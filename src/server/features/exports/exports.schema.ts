// Query strings of the exports: the on-screen lists' filters (paging is ignored if sent).
import { HouseholdListQuerySchema } from '../../../shared/households.ts';
import { PeopleListQuerySchema } from '../../../shared/people.ts';
import { z } from '../../../shared/validation.ts';

export const PeopleExportQuerySchema = PeopleListQuerySchema.omit({ page: true, pageSize: true }).extend({
  /** Full CCCD numbers instead of masked ones; needs people.cccd.reveal (403 otherwise). */
  unmask: z.stringbool({ error: 'Giá trị unmask phải là true hoặc false.' }).default(false),
});

export const HouseholdExportQuerySchema = HouseholdListQuerySchema.omit({ page: true, pageSize: true });
