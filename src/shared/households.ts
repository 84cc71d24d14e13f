// Households (hộ gia đình): inputs shared by server and web; a household's head is a person (people.ts).
import { PhoneSchema, z } from './validation.ts';
import { pageQuery } from './pagination.ts';
import { birthMessage, needsBirth, PersonFieldsSchema } from './people.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));

export const HouseholdFieldsSchema = z.object({
  code: optionalText(30),
  address: z.string().trim().max(200).default(''),
  hamletGroup: optionalText(80),
  phone: PhoneSchema.nullish(),
  noCapableMember: z.boolean().default(false),
  note: optionalText(500),
});

export const CreateHouseholdSchema = HouseholdFieldsSchema.extend({
  id: z.uuid().optional(),
  villageId: z.number().int().positive({ message: 'Chọn thôn.' }),
  head: PersonFieldsSchema.omit({ relationToHead: true }).extend({ confirmWarnings: z.boolean().default(false) }).refine(needsBirth, birthMessage),
});
export type CreateHousehold = z.infer<typeof CreateHouseholdSchema>;

export const UpdateHouseholdSchema = HouseholdFieldsSchema.partial().extend({
  version: z.number().int().positive({ message: 'Thiếu phiên bản bản ghi.' }),
  headPersonId: z.uuid().optional(),
});

export const HouseholdListQuerySchema = z.object({
  villageId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(100).optional(),
  ...pageQuery({ default: 20, max: 200, maxPage: 100000 }),
});
