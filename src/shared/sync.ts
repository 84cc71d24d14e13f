// The field app's sync protocol (Replicache/PowerSync shape). Push: the phone's outbox of
// mutations, each with a client-made UUIDv7; the server applies each exactly once, in its
// own transaction, and answers per mutation. Pull: what changed in the member's village
// since a cursor. Shared so the phone and the server cannot disagree on a field.
import { z } from 'zod';
import { CommActivityInputSchema, type FieldCommunication } from './communication.ts';
import { SupportEventInputSchema } from './support.ts';
import { AttendanceInputSchema, type FieldTraining } from './trainings.ts';
import { SessionInputSchema, type FieldSessionPlaces } from './group-sessions.ts';
import type { DigitalStatus, NotDoneReason } from './support.ts';
import type { TeamRole } from './teams.ts';

export const MUTATION_KINDS = ['support.record', 'person.contact', 'household.contact', 'training.attendance', 'communication.activity', 'group_session.record'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** Field edits from the phone: merged field by field, the later edit wins (README). */
export const PersonContactSchema = z
  .object({
    personId: z.uuid(),
    editedAt: z.iso.datetime({ offset: true }),
    fields: z
      .object({
        phone: z.string().trim().max(20).nullable().optional(),
        hasSmartphone: z.boolean().nullable().optional(),
      })
      .strict(),
  })
  .strict();
export type PersonContact = z.infer<typeof PersonContactSchema>;

export const HouseholdContactSchema = z
  .object({
    householdId: z.uuid(),
    editedAt: z.iso.datetime({ offset: true }),
    fields: z
      .object({
        phone: z.string().trim().max(20).nullable().optional(),
        noCapableMember: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();
export type HouseholdContact = z.infer<typeof HouseholdContactSchema>;

export const MUTATION_PAYLOAD_SCHEMAS = {
  'support.record': SupportEventInputSchema,
  'person.contact': PersonContactSchema,
  'household.contact': HouseholdContactSchema,
  // A team leader's attendance of a training, with photos of the signed sheet (uploaded first).
  'training.attendance': AttendanceInputSchema,
  'communication.activity': CommActivityInputSchema,
  // A team leader's group session (a cooperative's workers, the cultural house): each attendee one support event.
  'group_session.record': SessionInputSchema,
} as const;

/**
 * The envelope is checked loosely so one malformed mutation is refused on its own and
 * never blocks the others in the batch; each payload is then checked by its kind's schema.
 */
export const MutationEnvelopeSchema = z.object({
  id: z.uuid(),
  kind: z.string().max(50),
  payload: z.unknown(),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelopeSchema>;

export const PUSH_MAX_MUTATIONS = 200;
export const PushRequestSchema = z.object({
  mutations: z.array(MutationEnvelopeSchema).min(1).max(PUSH_MAX_MUTATIONS),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

/** applied: stored now; duplicate: the same id was applied before (same answer as then);
 * refused: not stored, with the reason to show the volunteer (kept on the phone). */
export type MutationStatus = 'applied' | 'duplicate' | 'refused';
export interface MutationResult {
  id: string;
  status: MutationStatus;
  /** Vietnamese reason for a refusal, naming the field where there is one. */
  error?: { code: string; message: string; field?: string };
}
export interface PushResponse {
  results: MutationResult[];
}

// ---- Pull ----

export interface SyncHousehold {
  id: string;
  /**
   * true: assigned to this volunteer, sent in full. false: the rest of the village, sent as a
   * search list: the household's and its people's phones and the people's dates of birth are
   * null (README "Dữ liệu cá nhân").
   */
  full: boolean;
  code: string | null;
  address: string;
  hamletGroup: string | null;
  phone: string | null;
  headPersonId: string | null;
  noCapableMember: boolean;
  assignedMemberId: string | null;
  cardCode: string;
  informedOn: string | null;
  lastVisitOn: string | null;
}

export interface SyncPerson {
  id: string;
  householdId: string;
  fullName: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  birthYear: number;
  relationToHead: string;
  isStudent: boolean;
  isWorker: boolean;
  phone: string | null;
  hasSmartphone: boolean | null;
  /** resident, or moved_out / deceased: the phone drops those from its lists. */
  status: 'resident' | 'moved_out' | 'deceased';
  digital: DigitalStatus;
  lastVisitOn: string | null;
  lastReason: NotDoneReason | null;
}

export interface SyncTeamMember {
  id: string;
  fullName: string;
  teamRole: TeamRole;
  phone: string | null;
  accountId: string | null;
}

export interface PullResponse {
  /** Give this back on the next pull. Opaque to the phone. */
  cursor: string;
  /** true: this is a full snapshot; the phone replaces what it holds for the village. */
  reset: boolean;
  village: { id: number; name: string; communeName: string };
  me: { memberId: string | null };
  team: { id: string; name: string; members: SyncTeamMember[] } | null;
  households: SyncHousehold[];
  people: SyncPerson[];
  /** Ids that left the village (moved, removed) since the cursor. */
  removed: { households: string[]; people: string[] };
  /** The village's figures at pull time (shown as "as last synced"). */
  figures: VillageFigures;
  /**
   * A team leader's trainings inviting the village (ended ≤ 60 days ago or upcoming), always
   * whole; [] for others. Absent, like `communication`, when the phone already holds them
   * (the cursor carries their digest).
   */
  trainings?: FieldTraining[];
  /** The village's communication channels and campaigns, to record an activity offline. */
  communication?: FieldCommunication;
  /** The commune's schools and enterprises, to record a group session offline. */
  groupSessions?: FieldSessionPlaces;
  serverTime: string;
}

/**
 * A pull with nothing new since its cursor, on the same day (asked for with `quick=1`): the
 * phone keeps everything it holds and takes the new cursor.
 */
export interface PullUnchanged {
  cursor: string;
  unchanged: true;
  serverTime: string;
}

export interface VillageFigures {
  households: number;
  householdsInformed: number;
  residents16Plus: number;
  vneidLevel2: number;
  adults: number;
  basicSkills: number;
  bankAccount16Plus: number;
  visitsThisMonth: number;
}
