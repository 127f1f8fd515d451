import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';

export function importFailed(file: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(errorCodes.importFailed, message, { file, ...extra });
}

export function cancelled(file: string): AppError {
  return new AppError(errorCodes.cancelled, `Import of ${file} was cancelled; nothing was kept.`, { file });
}

function expectedFor(sqlType: string): string {
  const t = sqlType.toUpperCase();
  if (t === 'DOUBLE' || t === 'FLOAT' || t.includes('INT') || t.startsWith('DECIMAL')) return 'a number';
  if (t.startsWith('TIMESTAMP')) return 'a timestamp like the rows above';
  if (t === 'DATE') return 'a date like the rows above';
  if (t === 'BOOLEAN') return 'true or false';
  return `a ${t} value`;
}

/**
 * A DuckDB error while reading `file`, as a sentence that names the file, the line and column
 * and what was expected. DuckDB's own text is long (and may quote a 10 MB line): only parts are kept.
 * `headerLines` is 1 when the first line is a header, so data row = line - headerLines.
 */
export function duckDbImportError(file: string, error: unknown, headerLines = 1): AppError {
  if (error instanceof AppError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const lineMatch = /CSV Error on Line: (\d+)/.exec(text);
  const line = lineMatch ? Number(lineMatch[1]) : null;
  const where = line === null ? '' : { line, row: line - headerLines };
  const at = line === null ? `${file}` : `${file}, line ${line}`;
  if (/No files found|No such file|Cannot open file/i.test(text)) {
    return importFailed(file, `${file} does not exist or cannot be opened; check the path.`);
  }
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
  if (columns) {
    const [expected, found] = [Number(columns[1]), Number(columns[2])];
    return importFailed(file, `${at}: expected ${expected} values like the header, found ${found}.`, { ...where });
  }
  const conversion = /Error when converting column "((?:[^"]|"")*)"\. Could not convert string "([^\n]{0,60})[^\n]*?" to '([^']+)'/.exec(text);
  if (conversion) {
    const [, column, value, type] = conversion;
    return importFailed(
      file,
      `${at}, column "${column}": found "${value}", expected ${expectedFor(type)} (the column looked like ${type} in the first rows).`,
      { ...where, column },
    );
  }
  const size = /Maximum line size of (\d+) bytes exceeded/.exec(text);
  if (size) {
    return importFailed(file, `${at}: the line is longer than ${Number(size[1])} bytes; expected one row of values per line.`, { ...where });
  }
  if (/Invalid unicode|not utf-8/i.test(text)) {
    return importFailed(file, `${at}: the text is not valid UTF-8; expected a UTF-8 or Latin-1 text file.`, { ...where });
  }
  if (/Interrupted/i.test(text)) return cancelled(file);
  const first = text.split('\n').find((l) => l.trim().length > 0 && !l.startsWith('Original Line')) ?? text;
  return importFailed(file, `${at} could not be read: ${first.replace(/^[A-Za-z ]+Error:\s*/, '').slice(0, 300)}`, { ...where });
}
