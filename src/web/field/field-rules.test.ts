// The field app's pure rules: what the phone refuses before the server has to, the effect
// of a visit on the local copy (the same as the server will derive, and safe to replay),
// the "chưa đạt" indicators, and the retry delays.
import { describe, expect, it } from 'vitest';
import { BASIC_SKILLS_CHECKLIST, type DigitalStatus, type SupportEventInput } from '../../shared/support.ts';
import type { SyncHousehold, SyncPerson } from '../../shared/sync.ts';
import { applyVisit, householdNotReached, isDigitalHousehold, nextVisits, validateVisit } from './field-rules.ts';
import { backoffDelay } from './sync-engine.ts';

const NONE: DigitalStatus = {
  vneid_level1: null, vneid_level2: null, bank_account: null, dvc_account: null, basic_skills: null,
  bdhvs_certified: null, student_training: null, cashless_payment: null, vssid: null,
};
const HOUSEHOLD: SyncHousehold = {
  full: true,
  id: '0194d368-0000-7000-8000-000000000001', code: '12', address: 'Số 4', hamletGroup: 'Xóm 1', phone: null,
  headPersonId: '0194d368-0000-7000-8000-0000000000a1', noCapableMember: false, assignedMemberId: null,
  cardCode: 'abc', informedOn: null, lastVisitOn: null,
};
function person(id: string, patch: Partial<SyncPerson> = {}): SyncPerson {
  return {
    id, householdId: HOUSEHOLD.id, fullName: `Người ${id.slice(-2)}`, sex: 'female', birthDate: null, birthYear: 1980,
    relationToHead: 'head', isStudent: false, isWorker: false, phone: null, hasSmartphone: null, status: 'resident',
    digital: { ...NONE }, lastVisitOn: null, lastReason: null, ...patch,
  };
}
const ADULT = person('0194d368-0000-7000-8000-0000000000a1');
const CHILD = person('0194d368-0000-7000-8000-0000000000a2', { birthDate: '2013-06-01', birthYear: 2013, relationToHead: 'child', isStudent: true });
const TODAY = '2026-05-10';

function visit(actions: SupportEventInput['actions'], patch: Partial<SupportEventInput> = {}): SupportEventInput {
  return { id: '0194d368-0000-7000-8000-0000000000e1', householdId: HOUSEHOLD.id, eventDate: TODAY, channel: 'visit', helperMemberIds: [], informed: true, actions, ...patch };
}

describe('validateVisit (the server\'s rules, checked on the phone first)', () => {
  it('accepts a level-2 activation for an adult of the household', () => {
    const input = visit([{ personId: ADULT.id, action: 'activate_vneid_level2', outcome: 'done' }]);
    expect(validateVisit(input, HOUSEHOLD, [ADULT, CHILD], TODAY)).toEqual([]);
  });

  it('refuses VNeID for a child under 14, but lets it be recorded as not done', () => {
    const done = visit([{ personId: CHILD.id, action: 'install_vneid', outcome: 'done' }]);
    const issues = validateVisit(done, HOUSEHOLD, [ADULT, CHILD], TODAY);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toContain('14 tuổi');
    const notDone = visit([{ personId: CHILD.id, action: 'install_vneid', outcome: 'not_done', reason: 'under_age' }]);
    expect(validateVisit(notDone, HOUSEHOLD, [ADULT, CHILD], TODAY)).toEqual([]);
  });

  it('refuses student training for someone who is not a student', () => {
    const input = visit([{ personId: ADULT.id, action: 'student_training', outcome: 'done' }]);
    expect(validateVisit(input, HOUSEHOLD, [ADULT], TODAY)[0].message).toMatch(/học sinh/);
  });

  it('refuses a future date, a date before the programme, and an empty visit', () => {
    expect(validateVisit(visit([], { eventDate: '2026-05-11' }), HOUSEHOLD, [ADULT], TODAY)[0].path).toBe('eventDate');
    expect(validateVisit(visit([], { eventDate: '2024-12-31' }), HOUSEHOLD, [ADULT], TODAY)[0].path).toBe('eventDate');
    expect(validateVisit(visit([], { informed: false }), HOUSEHOLD, [ADULT], TODAY)[0].path).toBe('actions');
  });

  it('refuses someone who moved out or belongs to another household', () => {
    const moved = person('0194d368-0000-7000-8000-0000000000a3', { status: 'moved_out' });
    const input = visit([{ personId: moved.id, action: 'security_advice', outcome: 'done' }]);
    expect(validateVisit(input, HOUSEHOLD, [ADULT, moved], TODAY)[0].message).toMatch(/không còn là nhân khẩu/);
  });

  it('asks for the reason of "not done", a procedure name, and a complete checklist for "done"', () => {
    const issues = validateVisit(
      visit([
        { personId: ADULT.id, action: 'open_bank_account', outcome: 'not_done' },
        { personId: ADULT.id, action: 'submit_procedure', outcome: 'done' },
        { personId: ADULT.id, action: 'teach_basic_skills', outcome: 'done', checklist: ['use_smartphone'] },
      ]),
      HOUSEHOLD, [ADULT], TODAY,
    );
    expect(issues.map((i) => i.path)).toEqual(['actions.0.reason', 'actions.1.procedureName', 'actions.2']);
  });

  it('requires "cần quay lại" when only part of the checklist was done', () => {
    const partial = (reason: 'need_revisit' | 'no_signal') => visit([{ personId: ADULT.id, action: 'teach_basic_skills', outcome: 'not_done', reason, checklist: ['use_smartphone'] }]);
    expect(validateVisit(partial('need_revisit'), HOUSEHOLD, [ADULT], TODAY)).toEqual([]);
    expect(validateVisit(partial('no_signal'), HOUSEHOLD, [ADULT], TODAY)).toHaveLength(1);
  });
});

describe('applyVisit (the optimistic effect on the phone)', () => {
  it('marks level 2 (and level 1) from the visit date, the household informed and visited', () => {
    const input = visit([{ personId: ADULT.id, action: 'activate_vneid_level2', outcome: 'done' }]);
    const { household, people } = applyVisit(input, HOUSEHOLD, [ADULT, CHILD]);
    expect(people).toHaveLength(1);
    expect(people[0].digital.vneid_level2).toBe(TODAY);
    expect(people[0].digital.vneid_level1).toBe(TODAY);
    expect(people[0].lastVisitOn).toBe(TODAY);
    expect(people[0].lastReason).toBeNull();
    expect(household?.informedOn).toBe(TODAY);
    expect(household?.lastVisitOn).toBe(TODAY);
  });

  it('keeps the earliest date of an item and records why something was not done', () => {
    const had = { ...ADULT, digital: { ...NONE, vneid_level1: '2026-01-02' } };
    const input = visit([
      { personId: ADULT.id, action: 'install_vneid', outcome: 'already_had' },
      { personId: ADULT.id, action: 'open_bank_account', outcome: 'not_done', reason: 'no_smartphone' },
    ]);
    const [after] = applyVisit(input, HOUSEHOLD, [had]).people;
    expect(after.digital.vneid_level1).toBe('2026-01-02');
    expect(after.digital.bank_account).toBeNull();
    expect(after.lastReason).toBe('no_smartphone');
  });

  it('is the same when replayed over its own result (a pull then the outbox again)', () => {
    const input = visit([{ personId: ADULT.id, action: 'teach_basic_skills', outcome: 'done', checklist: [...BASIC_SKILLS_CHECKLIST] }]);
    const once = applyVisit(input, HOUSEHOLD, [ADULT]);
    const twice = applyVisit(input, once.household, once.people);
    expect(twice).toEqual(once);
  });

  it('does not move the last visit back for an older visit recorded late', () => {
    const visited = { ...ADULT, lastVisitOn: '2026-05-09', lastReason: 'need_revisit' as const };
    const input = visit([{ personId: ADULT.id, action: 'security_advice', outcome: 'done' }], { eventDate: '2026-05-01' });
    const [after] = applyVisit(input, { ...HOUSEHOLD, lastVisitOn: '2026-05-09' }, [visited]).people;
    expect(after.lastVisitOn).toBe('2026-05-09');
    expect(after.lastReason).toBe('need_revisit');
  });
});

describe('indicators a household is "chưa đạt" on', () => {
  it('counts people 16+ for DD, adults for KNS, the household for TT and HGD', () => {
    const teen = person('0194d368-0000-7000-8000-0000000000a4', { birthYear: 2009, relationToHead: 'child' }); // 17 in 2026
    const people = [{ ...ADULT, digital: { ...NONE, vneid_level2: '2026-01-01' } }, teen, CHILD];
    expect(householdNotReached('DD', HOUSEHOLD, people, TODAY)).toBe(true); // the 17-year-old
    expect(householdNotReached('DD', HOUSEHOLD, [people[0], CHILD], TODAY)).toBe(false); // the child is 12
    expect(householdNotReached('KNS', HOUSEHOLD, [teen, CHILD], TODAY)).toBe(false); // nobody is 18+
    expect(householdNotReached('TT', HOUSEHOLD, people, TODAY)).toBe(true);
    expect(householdNotReached('TT', { ...HOUSEHOLD, informedOn: '2026-02-01' }, people, TODAY)).toBe(false);
    const digital = { ...ADULT, digital: { ...NONE, basic_skills: '2026-01-01', vneid_level1: '2026-01-01', dvc_account: '2026-01-01' } };
    expect(isDigitalHousehold([digital, CHILD])).toBe(true);
    expect(householdNotReached('HGD', HOUSEHOLD, [ADULT, CHILD], TODAY)).toBe(true);
  });
});

describe('the server\'s definitions, on the phone', () => {
  const skilled = { basic_skills: '2026-01-01', vneid_level1: '2026-01-01', dvc_account: '2026-01-01' };

  it('HGD: a household with no capable member and an assigned team member counts as reached (covered)', () => {
    const covered = { ...HOUSEHOLD, noCapableMember: true, assignedMemberId: 'm1' };
    expect(householdNotReached('HGD', covered, [ADULT], TODAY)).toBe(false);
    expect(householdNotReached('HGD', { ...covered, assignedMemberId: null }, [ADULT], TODAY)).toBe(true);
    expect(householdNotReached('HGD', { ...HOUSEHOLD, assignedMemberId: 'm1' }, [ADULT], TODAY)).toBe(true); // capable members exist: not covered
  });

  it('a household nobody lives in counts for no indicator', () => {
    const gone = { ...ADULT, status: 'moved_out' as const };
    for (const i of ['DD', 'NH', 'KNS', 'TT', 'HGD'] as const) expect(householdNotReached(i, HOUSEHOLD, [gone], TODAY)).toBe(false);
  });

  it('a status counts from its date on, not before', () => {
    const later = { ...ADULT, digital: { ...NONE, ...skilled, vneid_level2: '2026-06-01' } };
    expect(householdNotReached('DD', HOUSEHOLD, [later], TODAY)).toBe(true);
    expect(householdNotReached('DD', HOUSEHOLD, [later], '2026-06-01')).toBe(false);
    expect(householdNotReached('HGD', HOUSEHOLD, [{ ...ADULT, digital: { ...NONE, ...skilled, dvc_account: '2026-06-01' } }], TODAY)).toBe(true);
    expect(householdNotReached('TT', { ...HOUSEHOLD, informedOn: '2026-06-01' }, [ADULT], TODAY)).toBe(true);
  });

  it('nextVisits: my households first, never visited before visited, each with the people still to reach', () => {
    const other = { ...HOUSEHOLD, id: 'h2', lastVisitOn: null };
    const mineVisited = { ...HOUSEHOLD, id: 'h3', assignedMemberId: 'me', lastVisitOn: '2026-04-01' };
    const mineNever = { ...HOUSEHOLD, id: 'h4', assignedMemberId: 'me', lastVisitOn: null };
    const done = { ...HOUSEHOLD, id: 'h5', informedOn: '2026-01-01' };
    const reason = { ...ADULT, householdId: 'h3', lastReason: 'away_working' as const };
    const allDone = { ...ADULT, id: 'p5', householdId: 'h5', digital: { ...NONE, ...skilled, vneid_level2: '2026-01-01', bank_account: '2026-01-01' } };
    const membersOf = new Map([
      ['h2', [{ ...ADULT, householdId: 'h2' }]], ['h3', [reason, { ...CHILD, householdId: 'h3' }]], ['h4', [{ ...ADULT, householdId: 'h4' }]], ['h5', [allDone]],
    ]);
    const list = nextVisits([other, mineVisited, mineNever, done], membersOf, 'me', TODAY);
    expect(list.map((v) => v.household.id)).toEqual(['h4', 'h3', 'h2']);
    expect(list[1].mine).toBe(true);
    expect(list[1].gaps).toEqual(['DD', 'NH', 'KNS', 'TT', 'HGD']);
    expect(list[1].people).toEqual([{ person: reason, gaps: ['DD', 'NH', 'KNS'] }]); // the child is 12: on no person indicator
  });
});

describe('backoffDelay', () => {
  it('grows from 5 s to at most 5 minutes, with jitter between half and all of it', () => {
    expect(backoffDelay(1, () => 1)).toBe(5_000);
    expect(backoffDelay(1, () => 0)).toBe(2_500);
    expect(backoffDelay(3, () => 1)).toBe(20_000);
    expect(backoffDelay(20, () => 1)).toBe(300_000);
    expect(backoffDelay(20, () => 0)).toBe(150_000);
  });
});
