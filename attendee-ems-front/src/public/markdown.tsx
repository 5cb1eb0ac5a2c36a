import type { ReactNode } from 'react';

/** A very small, safe Markdown subset for event descriptions: headings, lists, paragraphs, **bold**. No HTML. */
export function Markdown({ source }: { source: string }) {
  const blocks = source.replace(/\r\n/g, '\n').split(/\n{2,}/).map((block) => block.trim()).filter(Boolean);
  return (
    <div className="pp-markdown">
      {blocks.map((block, index) => {
        const heading = /^(#{1,6})\s+(.*)$/.exec(block);
        if (heading) return <p key={index} className="pp-md-heading">{inline(heading[2] ?? '')}</p>;
        const lines = block.split('\n');
        if (lines.every((line) => /^\s*[-*]\s+/.test(line))) {
          return (
            <ul key={index}>
              {lines.map((line, item) => (
                <li key={item}>{inline(line.replace(/^\s*[-*]\s+/, ''))}</li>
              ))}
            </ul>
          );
        }
        return <p key={index}>{lines.map((line, item) => (item ? [<br key={item} />, inline(line)] : inline(line)))}</p>;
      })}
    </div>
  );
}

function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*)/g).map((part, index) => (part.startsWith('**') && part.endsWith('**') && part.length > 4 ? <strong key={index}>{part.slice(2, -2)}</strong> : part));
}
