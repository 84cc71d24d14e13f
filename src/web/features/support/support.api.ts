// The household's support history as the desk shows it.
import { useQuery } from '@tanstack/react-query';
import type { BasicSkill, NotDoneReason, SupportAction, SupportChannel, SupportOutcome } from '../../../shared/support.ts';
import { api } from '../../app/api.ts';

export interface SupportActionView {
  personId: string;
  personName: string;
  action: SupportAction;
  outcome: SupportOutcome;
  reason: NotDoneReason | null;
  procedureName: string | null;
  appName: string | null;
  checklist: BasicSkill[] | null;
  note: string | null;
}

export interface SupportEventView {
  id: string;
  eventDate: string;
  channel: SupportChannel;
  helperMemberIds: string[];
  helperNames: string[];
  informed: boolean;
  note: string | null;
  correctsEventId: string | null;
  /** The event that replaced this one, when it was corrected. */
  correctedByEventId: string | null;
  recordedByName: string;
  recordedAt: string;
  actions: SupportActionView[];
}

export function useSupportEvents(householdId: string | undefined) {
  return useQuery({
    queryKey: ['support-events', householdId],
    queryFn: () => api.get<{ items: SupportEventView[] }>(`/api/households/${householdId}/support-events`),
    enabled: Boolean(householdId),
  });
}
