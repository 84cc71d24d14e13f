// What every field page knows about who is working and where: the account (live or as
// remembered on the phone), the volunteer's team member id, the team and the village.
import { createContext, useContext } from 'react';
import type { SyncTeamMember } from '../../shared/sync.ts';
import type { FieldAccount, FieldTeam } from './field-db.ts';

export interface FieldSession {
  account: FieldAccount;
  /** /api/auth/me answered in this page; false while working from the phone's memory. */
  live: boolean;
  memberId: string | null;
  team: FieldTeam | null;
  village: { id: number; name: string; communeName: string } | null;
}

export const FieldSessionContext = createContext<FieldSession | null>(null);

export function useFieldSession(): FieldSession {
  const session = useContext(FieldSessionContext);
  if (!session) throw new Error('useFieldSession outside the field layout');
  return session;
}

export function memberName(team: FieldTeam | null, id: string | null | undefined): string | null {
  if (!id || !team) return null;
  return team.members.find((m: SyncTeamMember) => m.id === id)?.fullName ?? null;
}
