/**
 * Replaces the values of top-level string fields in a JSON object's text, leaving every other byte as it
 * was. JSON.parse + JSON.stringify would round large integers (2^53 and up), rewrite number formats
 * (`1.0`, `1e3`) and re-order nothing but still re-space the text; a secret's extra fields belong to its
 * consumers and must survive a rotation byte for byte.
 */
export function spliceTopLevelStrings(text: string, values: Record<string, string>): string {
  const spans = topLevelValueSpans(text);
  const out: string[] = [];
  let at = 0;
  const seen = new Set<string>();
  for (const span of spans) {
    if (!Object.hasOwn(values, span.key)) continue;
    out.push(text.slice(at, span.start), JSON.stringify(values[span.key]));
    at = span.end;
    seen.add(span.key);
  }
  out.push(text.slice(at));
  let result = out.join('');
  const missing = Object.keys(values).filter((k) => !seen.has(k));
  if (missing.length) {
    // A field the old value lacked: add it before the closing brace.
    const close = result.lastIndexOf('}');
    const empty = spans.length === 0;
    const added = missing.map((k) => `${JSON.stringify(k)}:${JSON.stringify(values[k])}`).join(',');
    result = `${result.slice(0, close)}${empty ? '' : ','}${added}${result.slice(close)}`;
  }
  return result;
}

interface Span {
  key: string;
  start: number;
  end: number;
}

/** Key and value span of every member of the top-level object. The text must be valid JSON. */
function topLevelValueSpans(text: string): Span[] {
  let i = skipWs(text, 0);
  if (text[i] !== '{') throw new Error('not a JSON object');
  i++;
  const spans: Span[] = [];
  for (;;) {
    i = skipWs(text, i);
    if (text[i] === '}') return spans;
    if (text[i] === ',') i = skipWs(text, i + 1);
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWs(text, keyEnd);
    i = skipWs(text, i + 1); // ':'
    const end = skipValue(text, i);
    spans.push({ key, start: i, end });
    i = end;
  }
}

function skipWs(text: string, i: number): number {
  while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  return i;
}

function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

function skipValue(text: string, i: number): number {
  if (text[i] === '"') return skipString(text, i);
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = skipString(text, j) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new Error('unterminated value');
  }
  let j = i;
  while (j < text.length && !',}] \t\n\r'.includes(text[j]!)) j++;
  return j;
}

/** Deepest nesting of objects and arrays in JSON text (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let j = 0; j < text.length; j++) {
    const c = text[j];
    if (c === '"') j = skipString(text, j) - 1;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}
