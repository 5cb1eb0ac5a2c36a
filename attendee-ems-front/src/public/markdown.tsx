import type { ReactNode } from 'react';

/**
 * The Markdown organisers write for an event description, rendered on the public page and in the
 * dashboard's preview: headings, paragraphs with line breaks, bullet and numbered lists, rules,
 * **bold**, *italic*, `code`, [links](https://…) and bare http(s) addresses.
 *
 * Safe by construction: the text only ever becomes text nodes and a link's href (never HTML), and
 * a link is made only for an http, https or mailto address; anything else stays plain text.
 */
export function Markdown({ source }: { source: string }) {
  return <div className="pp-markdown">{parseBlocks(source).map(renderBlock)}</div>;
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'ul' | 'ol'; items: string[]; start: number }
  | { kind: 'p'; text: string }
  | { kind: 'hr' };

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const BULLET = /^[ \t]*[-*+][ \t]+(.*)$/;
const NUMBERED = /^[ \t]*(\d{1,9})[.)][ \t]+(.*)$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | null = null;
  const close = () => {
    if (open) blocks.push(open);
    open = null;
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    const current = open as Block | null;
    if (!line.trim()) close();
    else if (RULE.test(line)) {
      close();
      blocks.push({ kind: 'hr' });
    } else if (heading) {
      close();
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    } else if (bullet || numbered) {
      const kind = bullet ? 'ul' : 'ol';
      const text = bullet ? bullet[1]! : numbered![2]!;
      if (current?.kind === kind) current.items.push(text);
      else {
        close();
        open = { kind, items: [text], start: numbered ? Number(numbered[1]) : 1 };
      }
    } else if ((current?.kind === 'ul' || current?.kind === 'ol') && /^[ \t]/.test(line)) {
      // An indented line continues the list item above it.
      current.items[current.items.length - 1] += `\n${line.trim()}`;
    } else if (current?.kind === 'p') current.text += `\n${line}`;
    else {
      close();
      open = { kind: 'p', text: line };
    }
  }
  close();
  return blocks;
}

function renderBlock(block: Block, index: number): ReactNode {
  switch (block.kind) {
    case 'heading':
      // The page's own title is the h1: description headings sit below it, styled as strong paragraphs.
      return (
        <p key={index} className="pp-md-heading" role="heading" aria-level={Math.min(6, block.level + 1)} style={{ fontWeight: 700 }}>
          {inline(block.text.trim())}
        </p>
      );
    case 'ul':
      return <ul key={index}>{block.items.map((item, position) => <li key={position}>{inline(item)}</li>)}</ul>;
    case 'ol':
      return (
        <ol key={index} start={block.start === 1 ? undefined : block.start}>
          {block.items.map((item, position) => <li key={position}>{inline(item)}</li>)}
        </ol>
      );
    case 'hr':
      return <hr key={index} />;
    default:
      return <p key={index}>{inline(block.text.trim())}</p>;
  }
}

/**
 * Inline tokens, earliest first. Spans are bounded in length and never cross a line (code, links),
 * so a long description without closing marks cannot make the scan quadratic in practice.
 *  1 escaped character · 2 `code` · 3 **bold** · 4 __bold__ · 5 *italic* · 6 _italic_ ·
 *  7-8 [text](address) · 9 bare http(s) address · 10 line break
 */
const INLINE =
  /\\([!-/:-@[-`{-~])|`([^`\n]{1,500})`|\*\*(\S(?:[^\n]{0,1000}?\S)?)\*\*|__(\S(?:[^\n]{0,1000}?\S)?)__|\*(\S(?:[^\n]{0,1000}?\S)?)\*|_(\S(?:[^\n]{0,1000}?\S)?)_|\[([^\]\n]{1,500})\]\((\s*(?:[^\s()]|\([^\s()]*\)){1,2000}\s*)\)|(https?:\/\/[^\s<>"]{1,2000}[^\s<>"'.,;:!?)\]])|(\n)/g;

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}_]/u.test(char);

/** An address a visitor may follow: http(s) or mailto only, as the browser will read it. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  // Checked on the text as written, before the URL parser drops tabs and newlines ("java\tscript:").
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return null;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}

function link(href: string, children: ReactNode, key: number) {
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function inline(text: string, allowLinks = true): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = new RegExp(INLINE.source, 'g');
  let plain = '';
  let from = 0;
  let match: RegExpExecArray | null;
  const push = (node: ReactNode) => {
    if (plain) out.push(plain);
    plain = '';
    out.push(node);
  };
  while ((match = pattern.exec(text))) {
    plain += text.slice(from, match.index);
    const [whole, escaped, code, bold, boldUnderscore, italic, italicUnderscore, linkText, linkHref, bareUrl] = match;
    const key = match.index;
    const before = text[match.index - 1];
    const after = text[match.index + whole.length];
    if (escaped !== undefined) plain += escaped;
    else if (code !== undefined) push(<code key={key}>{code}</code>);
    else if (bold !== undefined || boldUnderscore !== undefined) {
      if (boldUnderscore !== undefined && (isWordChar(before) || isWordChar(after))) {
        // snake__case words are not emphasis: keep the first mark and read on after it.
        plain += whole[0];
        pattern.lastIndex = match.index + 1;
      } else push(<strong key={key}>{inline(bold ?? boldUnderscore!, allowLinks)}</strong>);
    } else if (italic !== undefined || italicUnderscore !== undefined) {
      if (italicUnderscore !== undefined && (isWordChar(before) || isWordChar(after))) {
        plain += whole[0];
        pattern.lastIndex = match.index + 1;
      } else push(<em key={key}>{inline(italic ?? italicUnderscore!, allowLinks)}</em>);
    } else if (linkText !== undefined) {
      const href = allowLinks ? safeHref(linkHref!) : null;
      // A refused address is dropped, not shown: the words stay, without a link.
      push(href ? link(href, inline(linkText, false), key) : <span key={key}>{inline(linkText, false)}</span>);
    } else if (bareUrl !== undefined) {
      const href = allowLinks ? safeHref(bareUrl) : null;
      if (href) push(link(href, bareUrl, key));
      else plain += bareUrl;
    } else push(<br key={key} />);
    from = pattern.lastIndex;
  }
  plain += text.slice(from);
  if (plain) out.push(plain);
  return out;
}
