// One way to turn what the user picked (a camera photo of 4–12 MB, a scan) into an evidence
// file the server takes: a photo is redrawn at most IMAGE_TARGET_SIDE_PX on its longest side
// and re-encoded as JPEG until it is under IMAGE_TARGET_BYTES — which also drops its EXIF
// (the place it was taken) — before it is sent or queued on the phone; a PDF is checked for
// size. Used by the desk and the field app alike.
import {
  type AttachmentContentType,
  IMAGE_CONTENT_TYPES,
  IMAGE_MAX_BYTES,
  IMAGE_TARGET_BYTES,
  IMAGE_TARGET_SIDE_PX,
  PDF_MAX_BYTES,
  formatBytes,
} from '../../shared/attachments.ts';

export interface EvidenceFile {
  blob: Blob;
  contentType: AttachmentContentType;
  fileName: string;
  width: number | null;
  height: number | null;
}

/** A refusal to show under the picker, in Vietnamese. */
export class EvidenceFileError extends Error {}

const QUALITIES = [0.82, 0.72, 0.62, 0.52];

function encode(canvas: HTMLCanvasElement | OffscreenCanvas, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/jpeg', quality));
}

function makeCanvas(width: number, height: number): HTMLCanvasElement | OffscreenCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/** A photo at most IMAGE_TARGET_SIDE_PX on its longest side and, as far as quality allows, under IMAGE_TARGET_BYTES. */
export async function reducePhoto(file: Blob, fileName = 'anh.jpg'): Promise<EvidenceFile> {
  let bitmap: ImageBitmap;
  try {
    // from-image: a phone's portrait photo (EXIF orientation) stays upright once redrawn.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new EvidenceFileError(`"${fileName}" không phải ảnh đọc được.`);
  }
  try {
    let scale = Math.min(1, IMAGE_TARGET_SIDE_PX / Math.max(bitmap.width, bitmap.height));
    for (let attempt = 0; attempt < 4; attempt++) {
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = makeCanvas(width, height);
      const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
      if (!context) throw new EvidenceFileError('Trình duyệt không thu nhỏ được ảnh.');
      context.fillStyle = '#fff'; // a transparent PNG becomes white, not black, as JPEG
      context.fillRect(0, 0, width, height);
      context.drawImage(bitmap, 0, 0, width, height);
      for (const quality of QUALITIES) {
        const blob = await encode(canvas, quality);
        const last = attempt === 3 && quality === QUALITIES[QUALITIES.length - 1];
        if (blob.size <= IMAGE_TARGET_BYTES || (last && blob.size <= IMAGE_MAX_BYTES)) {
          return { blob, contentType: 'image/jpeg', fileName: fileName.replace(/\.[a-z0-9]{2,5}$/i, '') + '.jpg', width, height };
        }
      }
      scale *= 0.75;
    }
  } finally {
    bitmap.close();
  }
  throw new EvidenceFileError(`Không thu nhỏ được "${fileName}" xuống dưới ${formatBytes(IMAGE_MAX_BYTES)}.`);
}

/** What the user picked, ready to send: a photo reduced, a PDF as it is (if small enough). */
export async function prepareEvidenceFile(file: File, { imagesOnly = false } = {}): Promise<EvidenceFile> {
  const type = file.type.toLowerCase();
  if (type === 'application/pdf' && !imagesOnly) {
    if (file.size > PDF_MAX_BYTES) throw new EvidenceFileError(`"${file.name}" (${formatBytes(file.size)}) quá lớn: tệp PDF tối đa ${formatBytes(PDF_MAX_BYTES)}.`);
    return { blob: file, contentType: 'application/pdf', fileName: file.name, width: null, height: null };
  }
  if (type.startsWith('image/') || (IMAGE_CONTENT_TYPES as readonly string[]).includes(type) || type === '') return reducePhoto(file, file.name);
  throw new EvidenceFileError(imagesOnly ? `"${file.name}" không phải ảnh.` : `"${file.name}" không phải ảnh hay tệp PDF.`);
}
