// Sending an evidence file: PUT the bytes under an id made here (UUIDv7), so a retry after a
// lost answer is the same upload; the record that uses it then lists the id.
import { v7 as uuidv7 } from 'uuid';
import type { AttachmentView } from '../../../shared/attachments.ts';
import { request } from '../../app/api.ts';
import type { EvidenceFile } from '../../components/image-reduce.ts';

export function uploadEvidence(file: Pick<EvidenceFile, 'blob' | 'contentType' | 'fileName'>, id: string = uuidv7()): Promise<AttachmentView> {
  const blob = file.blob.type === file.contentType ? file.blob : new Blob([file.blob], { type: file.contentType });
  return request<AttachmentView>('PUT', `/api/attachments/${id}`, { file: blob, query: { fileName: file.fileName } });
}
