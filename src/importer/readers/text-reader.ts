import { fromPlainText, type DocumentText } from '../document-text';
import { ImportReadError } from './import-error';

/** Plain text, UTF-8 (with or without BOM). Binary content or invalid UTF-8 is refused, not guessed at. */
export function readText(bytes: Uint8Array, name: string): DocumentText {
  if (bytes.includes(0)) {
    throw new ImportReadError(
      `${name}: không phải văn bản thuần (có byte nhị phân), có thể là tệp DOCX/PDF đổi đuôi / not plain text (binary content)`,
      'wrong-content',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new ImportReadError(`${name}: không phải văn bản UTF-8 / not UTF-8 text`, 'wrong-content', { cause });
  }
  return fromPlainText(text);
}
