import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, safeHref } from './markdown';

const html = (source: string) => render(<Markdown source={source} />).container.firstElementChild!.innerHTML;
const dom = (source: string) => render(<Markdown source={source} />).container.firstElementChild as HTMLElement;

describe('<Markdown>', () => {
  it('renders headings, paragraphs with line breaks, lists and rules', () => {
    const root = dom('# Programme\n\nAccueil à 9 h\nCafé offert\n\n- Keynote\n- Ateliers\n  en petits groupes\n\n3. Trois\n4. Quatre\n\n---\n\nFin');
    expect(root.querySelector('[role="heading"]')).toMatchObject({ textContent: 'Programme' });
    expect(root.querySelector('[role="heading"]')!.getAttribute('aria-level')).toBe('2');
    expect(root.querySelector('p:not([role])')!.innerHTML).toBe('Accueil à 9 h<br>Café offert');
    expect([...root.querySelectorAll('ul > li')].map((item) => item.innerHTML)).toEqual(['Keynote', 'Ateliers<br>en petits groupes']);
    expect(root.querySelector('ol')!.getAttribute('start')).toBe('3');
    expect([...root.querySelectorAll('ol > li')].map((item) => item.textContent)).toEqual(['Trois', 'Quatre']);
    expect(root.querySelector('hr')).not.toBeNull();
    expect(root.lastElementChild!.textContent).toBe('Fin');
  });

  it('a list right under a line of text starts its own block', () => {
    const root = dom('Au menu :\n- entrée\n- plat');
    expect(root.querySelector('p')!.textContent).toBe('Au menu :');
    expect(root.querySelectorAll('li')).toHaveLength(2);
  });

  it('renders bold, italics, inline code and escapes', () => {
    expect(html('**gras** et __aussi__, *italique* et _aussi_, `npm run build`')).toBe(
      '<p><strong>gras</strong> et <strong>aussi</strong>, <em>italique</em> et <em>aussi</em>, <code>npm run build</code></p>',
    );
    expect(html('**gras avec *italique* dedans**')).toBe('<p><strong>gras avec <em>italique</em> dedans</strong></p>');
    expect(html('`**pas gras**`')).toBe('<p><code>**pas gras**</code></p>');
    expect(html('\\*pas italique\\* et 2 * 3 * 4')).toBe('<p>*pas italique* et 2 * 3 * 4</p>');
    // Underscores inside words are not emphasis.
    expect(html('nom_de_fichier et snake__case__name')).toBe('<p>nom_de_fichier et snake__case__name</p>');
    expect(html('**pas fermé')).toBe('<p>**pas fermé</p>');
  });

  it('makes links of http, https and mailto addresses only, opening in a new tab without an opener', () => {
    const root = dom('[Le site](https://example.org/a?b=1&c=2) ou [écrivez-nous](mailto:contact@example.org), voir aussi https://example.org/plan.');
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
      ['Le site', 'https://example.org/a?b=1&c=2', '_blank', 'noopener noreferrer'],
      ['écrivez-nous', 'mailto:contact@example.org', '_blank', 'noopener noreferrer'],
      ['https://example.org/plan', 'https://example.org/plan', '_blank', 'noopener noreferrer'],
    ]);
    // The full stop after a bare address is not part of it.
    expect(root.textContent!.endsWith('plan.')).toBe(true);
    expect(dom('[Wiki](https://fr.wikipedia.org/wiki/Lyon_(ville))').querySelector('a')!.getAttribute('href')).toBe('https://fr.wikipedia.org/wiki/Lyon_(ville)');
  });

  it('never outputs organiser-written HTML: tags come out as text', () => {
    const source = '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> **<b>gras</b>**\n\n# <iframe src="https://evil.test"></iframe>';
    const root = dom(source);
    expect(root.querySelector('script, img, iframe, b')).toBeNull();
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(root.innerHTML).toContain('&lt;script&gt;');
    expect(root.querySelector('strong')!.textContent).toBe('<b>gras</b>');
  });

  it('refuses javascript:, data:, vbscript:, protocol-relative and obfuscated addresses: the words stay, with no link', () => {
    const hostile = [
      '[clic](javascript:alert(1))',
      '[clic](JaVaScRiPt:alert(1))',
      '[clic](java\tscript:alert(1))',
      '[clic](%6Aavascript:alert(1))',
      '[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[clic](vbscript:msgbox(1))',
      '[clic](//evil.test/x)',
      '[clic](/relative/path)',
      '[clic]( javascript:alert(1))',
      'javascript:alert(1)',
    ];
    for (const source of hostile) {
      const root = dom(source);
      expect(root.querySelector('a'), source).toBeNull();
      expect(root.textContent, source).toContain(source.startsWith('[') ? 'clic' : 'javascript:alert(1)');
    }
  });

  it('cannot smuggle attributes through an address or link text', () => {
    const root = dom('[x](https://ok.test/"onmouseover="alert(1)) [y" onclick="alert(1)](https://ok.test/) https://ok.test/"onfocus="alert(1)"');
    const links = [...root.querySelectorAll('a')];
    expect(links.length).toBeGreaterThan(0);
    for (const a of links) {
      expect(a.getAttributeNames().sort()).toEqual(['href', 'rel', 'target']);
      expect(a.getAttribute('href')).not.toContain('"');
      expect(a.getAttribute('href')!.startsWith('https://ok.test/')).toBe(true);
    }
    expect(root.querySelector('[onmouseover], [onclick], [onfocus]')).toBeNull();
  });

  it('does not nest a link inside a link', () => {
    const root = dom('[voir https://a.test](https://b.test)');
    expect(root.querySelectorAll('a')).toHaveLength(1);
    expect(root.querySelector('a')!.getAttribute('href')).toBe('https://b.test/');
  });

});

describe('safeHref', () => {
  it('accepts http, https and mailto and normalises them', () => {
    expect(safeHref('https://Example.org')).toBe('https://example.org/');
    expect(safeHref(' http://example.org/a b ')).toBe('http://example.org/a%20b');
    expect(safeHref('MAILTO:a@example.org')).toBe('mailto:a@example.org');
  });

  it('refuses everything else', () => {
    for (const href of ['javascript:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)', 'ftp://example.org', 'data:text/html,x', 'https//missing-colon', 'http://', '']) {
      expect(safeHref(href), href).toBeNull();
    }
  });
});
