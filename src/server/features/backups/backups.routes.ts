// Sao lưu: the administrator's list of backups and "Sao lưu ngay".
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackupListSchema, BackupViewSchema } from '../../../shared/backups.ts';
import type { Engine } from '../../db/engine.ts';
import { actorFrom } from '../../http/actor.ts';
import type { BackupConfig } from './backup-schedule.ts';
import { backupList, backupNowFor } from './backups.view.ts';

const TAGS = ['Sao lưu'];

export async function backupRoutes(instance: FastifyInstance, options: { engine: Engine; backup: BackupConfig }) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get('/api/backups', {
    config: { access: 'backups.manage' },
    schema: { tags: TAGS, summary: 'Các bản sao lưu cơ sở dữ liệu', response: { 200: BackupListSchema } },
  }, async (request) => backupList(request.db, actorFrom(request), options.backup));
  // Not in the write's transaction: the backup reads in its own snapshot and records itself.
  app.post('/api/backups', {
    config: { access: 'backups.manage', transaction: false },
    schema: { tags: TAGS, summary: 'Sao lưu ngay', response: { 200: BackupViewSchema } },
  }, async (request) => backupNowFor(request.db, actorFrom(request), options.engine, options.backup));
}
