/** Reads an iCalendar file the way a calendar client does (RFC 5545 §3.1): unfold, then name;params:value. */
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface ParsedIcs {
  /** Physical lines as written (before unfolding), without their CRLF. */
  physicalLines: string[];
  properties: IcsProperty[];
  /** The first property called `name` (upper case), e.g. `get('DTSTART')`. */
  get(name: string): IcsProperty | undefined;
  /** TEXT values unescaped (`\,` → `,`, `\n` → newline). */
  text(name: string): string | undefined;
}

function parseLine(line: string): IcsProperty {
  // Parameter values may be DQUOTE'd and then contain ';', ':' and ',' literally.
  let index = 0;
  let inQuotes = false;
  const parts: string[] = [];
  let current = '';
  for (; index < line.length; index++) {
    const char = line[index]!;
    if (char === '"') inQuotes = !inQuotes;
    if (!inQuotes && (char === ';' || char === ':')) {
      parts.push(current);
      current = '';
      if (char === ':') break;
      continue;
    }
    current += char;
  }
  if (index >= line.length) throw new Error(`iCalendar: no ':' in "${line}"`);
  const [name, ...params] = parts;
  return {
    name: name!.toUpperCase(),
    params: Object.fromEntries(
      params.map((param) => {
        const equals = param.indexOf('=');
        return [param.slice(0, equals).toUpperCase(), param.slice(equals + 1).replace(/^"(.*)"$/, '$1')];
      }),
    ),
    value: line.slice(index + 1),
  };
}

export function parseIcs(source: string): ParsedIcs {
  if (!source.endsWith('\r\n')) throw new Error('iCalendar: content lines end with CRLF');
  const physicalLines = source.slice(0, -2).split('\r\n');
  if (physicalLines.some((line) => line.includes('\n') || line.includes('\r'))) throw new Error('iCalendar: a bare LF or CR inside a line');
  const unfolded = source.replace(/\r\n[ \t]/g, '').slice(0, -2).split('\r\n');
  const properties = unfolded.map(parseLine);
  const get = (name: string) => properties.find((property) => property.name === name);
  return {
    physicalLines,
    properties,
    get,
    text: (name) => get(name)?.value.replace(/\\([\\;,nN])/g, (_whole, char: string) => (char === 'n' || char === 'N' ? '\n' : char)),
  };
}
