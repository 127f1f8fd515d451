import { open, stat } from 'node:fs/promises';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { importFailed } from './import-errors';

/** Bytes of (uncompressed) text looked at before DuckDB sees the file. */
export const headBytes = 1 << 20;
/** Compressed bytes inflated to look at a gzip file's first lines. */
const gzipHeadBytes = 256 << 10;

/** What the first megabyte of a file says about it, read without DuckDB. */
export interface Probe {
  bytes: number;
  format: 'csv' | 'parquet';
  compression: 'none' | 'gzip';
  encoding: 'utf-8' | 'latin-1';
  /** the first complete lines as text (BOM removed); '' for parquet */
  text: string;
  /** uncompressed bytes that `text` came from */
  textBytes: number;
  /** `text` is the whole file */
  complete: boolean;
  /** compressed / uncompressed size, from the head (1 when not compressed) */
  ratio: number;
}

/** Stat and read the head of `file`; every problem is an AppError(IMPORT_FAILED) naming it. */
export async function probeFile(file: string): Promise<Probe> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw importFailed(file, `${file} cannot be read: permission denied; expected a file you may read.`);
    throw importFailed(file, `${file} does not exist; check the path.`);
  }
  if (info.isDirectory()) throw importFailed(file, `${file} is a folder; expected a CSV, TSV or Parquet file.`);
  if (!info.isFile()) throw importFailed(file, `${file} is not a regular file; expected a CSV, TSV or Parquet file.`);
  if (info.size === 0) throw importFailed(file, `${file} is empty (0 bytes); expected a header line and rows of values.`);

  let raw: Buffer;
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EACCES'
      ? importFailed(file, `${file} cannot be read: permission denied; expected a file you may read.`)
      : importFailed(file, `${file} cannot be opened (${error.code ?? error.message}); check the path.`);
  });
  try {
    raw = Buffer.alloc(Math.min(info.size, headBytes));
    const { bytesRead } = await handle.read(raw, 0, raw.length, 0);
    raw = raw.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }

  const base = { bytes: info.size, text: '', textBytes: 0, complete: false, ratio: 1, encoding: 'utf-8' as const };
  if (raw.length >= 4 && raw.toString('latin1', 0, 4) === 'PAR1') return { ...base, format: 'parquet', compression: 'none' };

  let head = raw;
  let complete = info.size <= headBytes;
  let compression: Probe['compression'] = 'none';
  let ratio = 1;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    compression = 'gzip';
    const input = raw.subarray(0, gzipHeadBytes);
    try {
      head = gunzipSync(input, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 64 * headBytes });
    } catch {
      throw importFailed(file, `${file} starts like a gzip file (bytes 1f 8b) but cannot be decompressed; expected a gzip-compressed CSV.`);
    }
    complete = info.size <= gzipHeadBytes;
    ratio = head.length > 0 ? input.length / head.length : 1;
    if (head.length > headBytes) {
      head = head.subarray(0, headBytes);
      complete = false;
    }
    if (head.length === 0) throw importFailed(file, `${file} is a gzip file that holds nothing; expected a header line and rows of values.`);
  }

  checkText(file, head.subarray(0, 65_536));
  // Only complete lines: a line cut at the end of the head would look ragged or mis-encoded.
  let end = head.length;
  if (!complete) {
    const lastNewline = head.lastIndexOf(0x0a);
    if (lastNewline < 0) {
      throw importFailed(
        file,
        `${file}, line 1: no line break in the first ${head.length} bytes; expected a header line and one row of values per line.`,
        { line: 1 },
      );
    }
    end = lastNewline + 1;
  }
  const body = head.subarray(0, end);
  let encoding: Probe['encoding'] = 'utf-8';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    encoding = 'latin-1';
    text = body.toString('latin1');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim().length === 0) {
    throw importFailed(file, `${file} holds only blank lines; expected a header line and rows of values.`);
  }
  return { bytes: info.size, format: 'csv', compression, encoding, text, textBytes: end, complete, ratio };
}

/** Refuse binary data: NUL bytes or many control characters are not a table of text. */
function checkText(file: string, sample: Buffer): void {
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b === 0) {
      throw importFailed(file, `${file} is not a text file (byte ${i + 1} is a NUL character); expected a CSV, TSV or Parquet file.`);
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.02) {
    throw importFailed(
      file,
      `${file} is not a text file (${Math.round((100 * control) / sample.length)}% of its first bytes are control characters); expected a CSV, TSV or Parquet file.`,
    );
  }
}

/** Records of CSV text split by `delimiter`, honouring quotes (fields may hold delimiters and newlines). */
export function splitRecords(
  text: string,
  delimiter: string,
  quote: string | null,
  escape: string | null,
): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (inQuotes) {
      if (escape !== null && c === escape && escape !== quote && i + 1 < n) {
        field += text[i + 1];
        i += 2;
        continue;
      }
      if (c === quote) {
        if (text[i + 1] === quote) {
          field += c;
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (quote !== null && c === quote && field.length === 0) {
      inQuotes = true;
    } else if (text.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
      i += delimiter.length;
      continue;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += c;
    }
    i++;
  }
  if (field.length > 0 || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}
