// Query strings of the door cards: a village's households, or chosen ones (≤ 500 at a time).
import { z } from '../../../shared/validation.ts';
import { pageQuery } from '../../../shared/pagination.ts';

export const MAX_CARDS = 500;

const idList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => [...new Set((Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))])
  .pipe(z.array(z.uuid({ message: 'Mã hộ không hợp lệ.' })).max(MAX_CARDS, { message: `Mỗi lần in tối đa ${MAX_CARDS} thẻ.` }));

export const DoorCardsQuerySchema = z
  .object({
    villageId: z.coerce.number().int().positive().optional(),
    /** Comma-separated household ids (or the parameter repeated). */
    householdIds: idList.optional(),
    ...pageQuery({ default: MAX_CARDS, max: MAX_CARDS, maxPage: 10000 }),
  })
  .refine((q) => q.villageId !== undefined || (q.householdIds?.length ?? 0) > 0, {
    path: ['villageId'], message: 'Chọn thôn hoặc các hộ cần in thẻ.',
  });
export type DoorCardsQuery = z.infer<typeof DoorCardsQuerySchema>;

export const CardCodeParams = z.object({ cardCode: z.string().trim().min(1).max(100) });
