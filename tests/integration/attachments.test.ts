// Evidence files through HTTP on both engines: what the bytes are decides (magic bytes and a
// real read of the dimensions), sizes per type, a resend under the same id is a no-op and other
// content under it a 409; downloads carry the stored type, nosniff and a sandbox; an unclaimed
// upload is its uploader's alone; the claim rules inside a record's transaction; the
// housekeeping of unclaimed uploads.
import { crc32, deflateSync } from 'node:zlib';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_MAX_BYTES, PDF_MAX_BYTES } from '../../src/shared/attachments.ts';
import { makePhoto } from '../../src/demo/photos.ts';
import { claimAttachments, pruneUnclaimedAttachments, registerAttachmentOwner } from '../../src/server/features/attachments/attachments.service.ts';
import { type Client, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { actorOfMe } from '../support/actor.ts';

/** A real PNG of w×h grey pixels. */
function makePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describeEachEngine('attachments', (engine) => {
  let t: TestApp;
  let officer: Client;
  let youth: Client;
  let teamLeader: Client;
  let viewer: Client;
  let otherCommune: Client;
  const photo = makePhoto({ seed: 'test', caption: 'Danh sach ky ten', scene: 'sheet', width: 320, height: 240 });

  async function put(client: Client, id: string, body: Buffer, type: string, query = '') {
    const res = await t.app.inject({
      method: 'PUT', url: `/api/attachments/${id}${query}`, payload: body,
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': type },
    });
    return { status: res.statusCode, body: res.json() as any };
  }
  async function get(client: Client, id: string) {
    const res = await t.app.inject({ method: 'GET', url: `/api/attachments/${id}`, headers: { cookie: client.cookie } });
    return { status: res.statusCode, headers: res.headers, raw: res.rawPayload };
  }
  const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM attachments`.execute(t.database.db)).rows[0].n;

  // A record kind for the claim rules: readable by the commune office, holding personal data.
  const testOwners = new Map<string, number>();
  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, youth, teamLeader, viewer] = await Promise.all([
      t.login(t.usernames.culture_office), t.login(t.usernames.youth_union), t.login(t.usernames.team_leader), t.login(t.usernames.province_viewer),
    ]);
    // An officer of the other commune, to see scope.
    await t.database.db.updateTable('accounts').set({ org_unit_id: t.org.otherCommune }).where('username', '=', t.usernames.economy_office).execute();
    otherCommune = await t.login(t.usernames.economy_office);
    registerAttachmentOwner('test_record', {
      label: 'bản ghi thử',
      read: async (_db, actor, ownerId) => (testOwners.has(ownerId) && actor.role !== 'team_member' && actor.orgPath.startsWith(`/${t.org.province}/${t.org.commune}/`)
        ? { orgUnitId: testOwners.get(ownerId)!, personal: true } : null),
    });
  });
  afterAll(async () => { await t.close(); });

  describe('upload', () => {
    it('stores a JPEG under the client id with its real dimensions, once, and audits it', async () => {
      const id = uuidv7();
      const res = await put(officer, id, photo, 'image/jpeg', '?fileName=Danh%20s%C3%A1ch.jpg');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ id, kind: 'image', contentType: 'image/jpeg', byteSize: photo.length, width: 320, height: 240, fileName: 'Danh sách.jpg', url: `/api/attachments/${id}` });
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'attachment').where('entity_id', '=', id).execute();
      expect(audit.map((a) => a.action)).toEqual(['create']);
      // The same bytes again (a phone whose answer was lost): nothing new, the same answer.
      const before = await count();
      const again = await put(officer, id, photo, 'image/jpeg');
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(id);
      expect(await count()).toBe(before);
      expect(await t.database.db.selectFrom('audit_log').select('id').where('entity', '=', 'attachment').where('entity_id', '=', id).execute()).toHaveLength(1);
    });

    it('refuses other content under an id already used (409), and the same bytes from another account', async () => {
      const id = uuidv7();
      expect((await put(officer, id, photo, 'image/jpeg')).status).toBe(200);
      const other = makePhoto({ seed: 'other', caption: 'Khac', width: 320, height: 240 });
      const res = await put(officer, id, other, 'image/jpeg');
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/Mã tệp này đã được dùng cho một tệp khác/);
      expect((await put(youth, id, photo, 'image/jpeg')).status).toBe(409);
    });

    it('takes PNG and PDF by their bytes', async () => {
      const png = await put(officer, uuidv7(), makePng(31, 17), 'image/png');
      expect(png.status, JSON.stringify(png.body)).toBe(200);
      expect(png.body).toMatchObject({ kind: 'image', width: 31, height: 17 });
      const pdf = await put(officer, uuidv7(), PDF, 'application/pdf', '?fileName=Bien%20ban.pdf');
      expect(pdf.status, JSON.stringify(pdf.body)).toBe(200);
      expect(pdf.body).toMatchObject({ kind: 'pdf', contentType: 'application/pdf', width: null, height: null });
    });

    it('refuses what is not an image, a lie about the type, a broken image, an unsupported type — naming the file, storing nothing', async () => {
      const before = await count();
      const text = await put(officer, uuidv7(), Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg');
      expect(text.status).toBe(400);
      expect(text.body.error.fields[0].path).toBe('file');
      expect(text.body.error.message).toMatch(/^Tệp: nội dung không phải ảnh JPEG, PNG, WebP hay tệp PDF/);
      const lie = await put(officer, uuidv7(), photo, 'image/png');
      expect(lie.status).toBe(400);
      expect(lie.body.error.message).toBe('Tệp: nội dung là ảnh JPEG nhưng được khai báo là ảnh PNG.');
      const broken = await put(officer, uuidv7(), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]), 'image/jpeg');
      expect(broken.status).toBe(400);
      expect(broken.body.error.message).toMatch(/^Tệp: không đọc được/);
      const html = await put(officer, uuidv7(), Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml');
      expect(html.status).toBe(415);
      expect(html.body.error.message).toMatch(/^Tệp: chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF/);
      const empty = await put(officer, uuidv7(), Buffer.alloc(0), 'image/jpeg');
      expect(empty.status).toBe(400);
      expect(await count()).toBe(before);
    });

    it('refuses a photo over 400 KB and a PDF over 2 MB with the limit in the message', async () => {
      const before = await count();
      const bigPhoto = Buffer.concat([photo, Buffer.alloc(IMAGE_MAX_BYTES)]);
      const res = await put(officer, uuidv7(), bigPhoto, 'image/jpeg');
      expect(res.status).toBe(413);
      expect(res.body.error.fields[0].path).toBe('file');
      expect(res.body.error.message).toMatch(/^Tệp: ảnh JPEG \d+ KB quá lớn; tối đa 400 KB\.$/);
      const bigPdf = await put(officer, uuidv7(), Buffer.concat([PDF, Buffer.alloc(PDF_MAX_BYTES)]), 'application/pdf');
      expect(bigPdf.status).toBe(413);
      expect(bigPdf.body.error.message).toMatch(/tối đa 2 MB/);
      expect(await count()).toBe(before);
    });

    it('is refused to the province viewer (reads figures only) and to anonymous callers', async () => {
      expect((await put(viewer, uuidv7(), photo, 'image/jpeg')).status).toBe(403);
      const anon = await t.app.inject({ method: 'PUT', url: `/api/attachments/${uuidv7()}`, payload: photo, headers: { 'content-type': 'image/jpeg' } });
      expect(anon.statusCode).toBe(401);
    });

    it('leaves other routes refusing a file body', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/reports/open', payload: photo, headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'image/jpeg' } });
      expect(res.statusCode).toBe(415);
    });
  });

  describe('download', () => {
    it('serves a photo inline with its stored type, nosniff and a sandbox; a PDF as a download', async () => {
      const id = uuidv7();
      await put(officer, id, photo, 'image/jpeg', '?fileName=Ky%20ten.jpg');
      const res = await get(officer, id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(String(res.headers['content-security-policy'])).toMatch(/sandbox/);
      expect(String(res.headers['content-security-policy'])).toMatch(/default-src 'none'/);
      expect(String(res.headers['content-disposition'])).toMatch(/^inline; filename="ky-ten\.jpg"/);
      expect(Buffer.compare(res.raw, photo)).toBe(0);
      const pdfId = uuidv7();
      await put(officer, pdfId, PDF, 'application/pdf', '?fileName=Bi%C3%AAn%20b%E1%BA%A3n.pdf');
      const pdf = await get(officer, pdfId);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(String(pdf.headers['content-disposition'])).toMatch(/^attachment; filename="bien-ban\.pdf"; filename\*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n\.pdf$/);
    });

    it('shows an unclaimed upload to its uploader only', async () => {
      const id = uuidv7();
      await put(teamLeader, id, photo, 'image/jpeg');
      expect((await get(teamLeader, id)).status).toBe(200);
      expect((await get(officer, id)).status).toBe(404);
      expect((await get(otherCommune, id)).status).toBe(404);
    });
  });

  describe('claimed by a record', () => {
    const claim = (client: Client, ids: string[], ownerId: string) =>
      t.database.db.transaction().execute(async (trx) => claimAttachments(trx, actorOfMe(client.me), {
        ids, owner: { entity: 'test_record', id: ownerId, orgUnitId: t.org.commune }, field: 'photoIds', imagesOnly: true,
      }));
    const message = (p: Promise<unknown>) => p.then(() => 'claimed', (e: { message: string; fields?: { path: string }[] }) => `${e.fields?.[0]?.path}: ${e.message}`);

    it('claims the uploader\'s own images once; a resent claim is a no-op; the record\'s readers read it, audited', async () => {
      const ownerId = uuidv7();
      testOwners.set(ownerId, t.org.commune);
      const [a, b] = [uuidv7(), uuidv7()];
      await put(teamLeader, a, photo, 'image/jpeg');
      await put(teamLeader, b, makePng(8, 8), 'image/png');
      expect(await claim(teamLeader, [a, b], ownerId)).toEqual([a, b]);
      expect(await claim(teamLeader, [a, b], ownerId)).toEqual([]);
      const rows = await t.database.db.selectFrom('attachments').select(['owner_entity', 'owner_id', 'org_unit_id']).where('id', 'in', [a, b]).execute();
      expect(rows.every((r) => r.owner_entity === 'test_record' && r.owner_id === ownerId && r.org_unit_id === t.org.commune)).toBe(true);
      // Now the record's rules decide: the commune office reads it (audited), the other commune does not.
      expect((await get(officer, a)).status).toBe(200);
      const reads = await t.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'attachment').where('entity_id', '=', a).where('action', '=', 'read').execute();
      expect(reads).toHaveLength(1);
      expect(reads[0].detail).toMatchObject({ owner: 'test_record', ownerId });
      expect((await get(otherCommune, a)).status).toBe(404);
    });

    it('refuses a claim of a missing upload, another account\'s upload, another record\'s, or a PDF as a photo — naming the item', async () => {
      const ownerId = uuidv7();
      testOwners.set(ownerId, t.org.commune);
      const mine = uuidv7();
      await put(teamLeader, mine, photo, 'image/jpeg');
      expect(await message(claim(teamLeader, [mine, uuidv7()], ownerId))).toMatch(/^photoIds\.1: Ảnh thứ 2: chưa được tải lên máy chủ/);
      const theirs = uuidv7();
      await put(officer, theirs, photo, 'image/jpeg');
      expect(await message(claim(teamLeader, [theirs], ownerId))).toBe('photoIds.0: Ảnh thứ 1: do tài khoản khác tải lên, không gắn được vào bản ghi thử này.');
      const pdf = uuidv7();
      await put(teamLeader, pdf, PDF, 'application/pdf');
      expect(await message(claim(teamLeader, [pdf], ownerId))).toBe('photoIds.0: Ảnh thứ 1: không phải ảnh.');
      const elsewhere = uuidv7();
      testOwners.set(elsewhere, t.org.commune);
      await claim(teamLeader, [mine], elsewhere);
      expect(await message(claim(teamLeader, [mine], ownerId))).toBe('photoIds.0: Ảnh thứ 1: đã thuộc về một bản ghi khác.');
      // A refused claim changed nothing: the one refused in the middle of a list left the first unclaimed too.
      const first = uuidv7();
      await put(teamLeader, first, photo, 'image/jpeg');
      expect(await message(claim(teamLeader, [first, theirs], ownerId))).toMatch(/^photoIds\.1/);
      const row = await t.database.db.selectFrom('attachments').select('owner_id').where('id', '=', first).executeTakeFirstOrThrow();
      expect(row.owner_id).toBeNull();
    });
  });

  describe('housekeeping', () => {
    it('deletes uploads no record claimed within 7 days, and keeps claimed and recent ones', async () => {
      const [old, recent, claimed] = [uuidv7(), uuidv7(), uuidv7()];
      for (const id of [old, recent, claimed]) await put(officer, id, photo, 'image/jpeg');
      const ownerId = uuidv7();
      testOwners.set(ownerId, t.org.commune);
      await t.database.db.transaction().execute((trx) => claimAttachments(trx, actorOfMe(officer.me), { ids: [claimed], owner: { entity: 'test_record', id: ownerId, orgUnitId: t.org.commune }, field: 'photoIds' }));
      await t.database.db.updateTable('attachments').set({ created_at: sql`now() - interval '8 days'` }).where('id', 'in', [old, claimed]).execute();
      expect(await pruneUnclaimedAttachments(t.database.db)).toBeGreaterThanOrEqual(1);
      const left = (await t.database.db.selectFrom('attachments').select('id').where('id', 'in', [old, recent, claimed]).execute()).map((r) => r.id).sort();
      expect(left).toEqual([recent, claimed].sort());
    });
  });
});
