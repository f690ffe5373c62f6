// Unit tests for Markdown rendering: XSS payloads must not survive, ordinary Markdown in several languages must.
import { isSafeUrl, plainText, renderMarkdown, sanitizeRenderedHtml } from './markdown';

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  p: [], br: [], strong: [], em: [], del: [], code: [], pre: [], blockquote: [], ul: [], ol: ['start'], li: [],
  h2: [], h3: [], h4: [], h5: [], h6: [], hr: [], table: [], thead: [], tbody: [], tr: [], th: [], td: [],
  a: ['href', 'title', 'rel', 'target'],
  img: ['src', 'alt', 'title'],
};

/** What a browser would make of an attribute value when looking for its scheme. */
function browserView(value: string): string {
  let seen = value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  try {
    seen = decodeURIComponent(seen);
  } catch {
    // A lone % is not an encoding; look at the text as it is.
  }
  return seen.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
}

/** Fails unless every tag and attribute is on the allow-list and no address can run code. */
function expectSafe(html: string): void {
  expect(html).not.toMatch(/<\s*\/?\s*(script|style|iframe|object|embed|svg|math|form|input|base|meta|link|details)\b/i);
  for (const [, rawName, attributes] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    const name = rawName.toLowerCase();
    expect(Object.keys(ALLOWED_ATTRIBUTES)).toContain(name);
    for (const [, attribute, value = ''] of attributes.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      expect(attribute).not.toMatch(/^on/i);
      expect(ALLOWED_ATTRIBUTES[name]).toContain(attribute);
      const seen = browserView(value);
      expect(seen).not.toMatch(/^(javascript|vbscript|data|file):/);
      expect(seen).not.toContain('script:');
      if (name === 'img' && attribute === 'src') expect(value).toMatch(/^https:\/\//);
    }
  }
}

describe('renderMarkdown against XSS', () => {
  const payloads: Array<[string, string]> = [
    ['raw script', '<script>alert(1)</script>'],
    ['raw script, mixed case and spaces', '<ScRiPt >alert(1)</sCrIpT >'],
    ['raw img with onerror', '<img src=x onerror=alert(1)>'],
    ['raw svg onload', '<svg onload=alert(1)>'],
    ['raw iframe', '<iframe src="https://evil.example"></iframe>'],
    ['raw style', '<style>body{background:url(javascript:alert(1))}</style>'],
    ['raw a href javascript', '<a href="javascript:alert(1)">x</a>'],
    ['raw div with handler', '<div onclick="alert(1)">hi</div>'],
    ['raw details ontoggle', '<details open ontoggle=alert(1)>'],
    ['entity-encoded script tag', '&#60;script&#62;alert(1)&#60;/script&#62;'],
    ['inline link', '[x](javascript:alert(1))'],
    ['inline link, mixed case', '[x](JaVaScRiPt:alert(1))'],
    ['inline link, leading space', '[x]( javascript:alert(1))'],
    ['inline link, pointy brackets', '[x](<javascript:alert(1)>)'],
    ['inline link with title', '[x](javascript:alert(1) "title")'],
    ['tab entity inside scheme', '[x](jav&#x09;ascript:alert(1))'],
    ['newline entity inside scheme', '[x](jav&#10;ascript:alert(1))'],
    ['first letter entity-encoded', '[x](&#106;avascript:alert(1))'],
    ['whole scheme hex-encoded', '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))'],
    ['colon as named entity', '[x](javascript&colon;alert(1))'],
    ['colon as numeric entity', '[x](javascript&#58;alert(1))'],
    ['percent-encoded newline', '[x](java%0ascript:alert(1))'],
    ['percent-encoded scheme', '[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))'],
    ['double percent-encoding', '[x](java%250ascript:alert(1))'],
    ['javascript comment trick', '[x](javascript://%0aalert(1))'],
    ['vbscript', '[x](vbscript:msgbox(1))'],
    ['data html', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['file', '[x](file:///etc/passwd)'],
    ['image javascript', '![x](javascript:alert(1))'],
    ['image data svg', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
    ['image data png (markdown-it allows it by default)', '![x](data:image/png;base64,iVBORw0KGgo=)'],
    ['image http', '![x](http://insecure.example/a.png)'],
    ['image protocol-relative', '![x](//evil.example/a.png)'],
    ['image relative', '![x](/api/private.png)'],
    ['reference link', '[x][r]\n\n[r]: javascript:alert(1)'],
    ['reference link, upper case', '[x][r]\n\n[r]: JAVASCRIPT:alert(1) "t"'],
    ['reference image', '![x][r]\n\n[r]: javascript:alert(1)'],
    ['collapsed reference', '[r][]\n\n[r]: jav&#x09;ascript:alert(1)'],
    ['autolink', '<javascript:alert(1)>'],
    ['autolink vbscript', '<vbscript:msgbox(1)>'],
    ['bare javascript text is not linkified', 'javascript:alert(1)'],
    ['title breaking out of its quotes', '[x](https://ok.example "\\" onmouseover=\\"alert(1)")'],
    ['alt breaking out of its quotes', '![x" onerror="alert(1)](https://ok.example/a.png)'],
    ['link url breaking out of its quotes', '[x](https://ok.example/"onmouseover="alert(1))'],
    ['linkified url with quote', 'https://ok.example/"onmouseover="alert(1)'],
    ['fence info string', '```"><script>alert(1)</script>\ncode\n```'],
    ['html inside link text', '[<img src=x onerror=alert(1)>](https://ok.example)'],
    ['NUL inside scheme', '[x](jav\u0000ascript:alert(1))'],
    ['protocol-relative link', '[x](//evil.example)'],
  ];

  it.each(payloads)('%s', (_name, markdown) => {
    const html = renderMarkdown(markdown);
    expectSafe(html);
    // Text is escaped, so "<a" here can only be a real tag.
    expect(html).not.toMatch(/<a\b[^>]*href="[^"]*script/i);
  });

  it('shows raw HTML as text instead of dropping it (html: false)', () => {
    expect(renderMarkdown('<b onclick="x()">hi</b>')).toBe('<p>&lt;b onclick="x()"&gt;hi&lt;/b&gt;</p>\n');
  });

  it('renders a refused link as its literal Markdown, with no <a>', () => {
    expect(renderMarkdown('[click](javascript:alert(1))')).toBe('<p>[click](javascript:alert(1))</p>\n');
  });

  it('renders a refused image as its alt text', () => {
    expect(renderMarkdown('![a cat](http://insecure.example/cat.png)')).toBe('<p>a cat</p>\n');
  });
});

describe('sanitizeRenderedHtml (the second wall, fed raw HTML as if markdown-it had let it through)', () => {
  const payloads = [
    '<script>alert(1)</script>',
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="java&NewLine;script:alert(1)">x</a>',
    '<a href="&#106;&#97;vascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav%0Ascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="x" onerror="alert(1)">',
    '<img src="https://ok.example/a.png" onerror="alert(1)" srcset="javascript:alert(1)">',
    '<img src="http://insecure.example/a.png">',
    '<img src="//evil.example/a.png">',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<svg><script>alert(1)</script></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<style>*{}</style><iframe src="https://evil.example"></iframe>',
    '<form action="javascript:alert(1)"><input autofocus onfocus="alert(1)"></form>',
    '<p style="background:url(javascript:alert(1))" class="x" id="y">text</p>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<base href="javascript:alert(1)//"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  ];

  it.each(payloads)('%s', (html) => {
    expectSafe(sanitizeRenderedHtml(html));
  });

  it('keeps the text of removed tags but not the content of script and style', () => {
    expect(sanitizeRenderedHtml('<div><span>kept</span></div><script>gone()</script><style>.gone{}</style>')).toBe('kept');
  });

  it('forces rel and target on every link, whatever the input said', () => {
    expect(sanitizeRenderedHtml('<a href="https://ok.example" rel="opener" target="_self">x</a>')).toBe(
      '<a href="https://ok.example" rel="nofollow ugc noopener" target="_blank">x</a>',
    );
  });
});

describe('isSafeUrl', () => {
  it.each(['https://example.org/a?b=c#d', 'http://example.org', 'mailto:someone@example.org', '/articles/1', '#top', '?page=2', 'page.html'])(
    'accepts %s',
    (url) => expect(isSafeUrl(url)).toBe(true),
  );

  it.each([
    'javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'jav\tascript:alert(1)', 'jav%09ascript:alert(1)',
    'jav%2509ascript:alert(1)', 'java&#x0A;script:alert(1)', 'javascript&colon;alert(1)', '\u200bjavascript:alert(1)',
    'vbscript:x', 'data:text/html,x', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'ftp://example.org', '//evil.example',
    '\\\\evil.example', 'tel:+77000000000',
  ])('refuses %j', (url) => expect(isSafeUrl(url)).toBe(false));
});

describe('renderMarkdown with ordinary Markdown', () => {
  it('demotes # to <h2> (the page title is the <h1>) and keeps other levels', () => {
    expect(renderMarkdown('# Title\n\n## Section\n\n###### Small')).toBe(
      '<h2>Title</h2>\n<h2>Section</h2>\n<h6>Small</h6>\n',
    );
  });

  it('renders Russian headings, emphasis, strikethrough and lists', () => {
    const html = renderMarkdown(
      '## Права женщин\n\n**Жирный**, *курсив* и ~~зачёркнутый~~ текст.\n\n- первый\n- второй\n\n3. три\n4. четыре',
    );
    expect(html).toBe(
      '<h2>Права женщин</h2>\n' +
        '<p><strong>Жирный</strong>, <em>курсив</em> и <del>зачёркнутый</del> текст.</p>\n' +
        '<ul>\n<li>первый</li>\n<li>второй</li>\n</ul>\n' +
        '<ol start="3">\n<li>три</li>\n<li>четыре</li>\n</ol>\n',
    );
  });

  it('renders links with rel and target, keeping the title', () => {
    expect(renderMarkdown('See [CAREC](https://www.carecprogram.org/ "CAREC Program").')).toBe(
      '<p>See <a href="https://www.carecprogram.org/" title="CAREC Program" rel="nofollow ugc noopener" target="_blank">CAREC</a>.</p>\n',
    );
  });

  it('renders reference-style and relative links', () => {
    expect(renderMarkdown('[Статья][a] and [top](#top)\n\n[a]: /articles/42')).toBe(
      '<p><a href="/articles/42" rel="nofollow ugc noopener" target="_blank">Статья</a> and ' +
        '<a href="#top" rel="nofollow ugc noopener" target="_blank">top</a></p>\n',
    );
  });

  it('linkifies http(s) addresses and e-mail addresses', () => {
    expect(renderMarkdown('Visit https://weop.example/ru or write to info@weop.example')).toBe(
      '<p>Visit <a href="https://weop.example/ru" rel="nofollow ugc noopener" target="_blank">https://weop.example/ru</a> ' +
        'or write to <a href="mailto:info@weop.example" rel="nofollow ugc noopener" target="_blank">info@weop.example</a></p>\n',
    );
  });

  it('percent-encodes non-ASCII link paths and keeps the readable text', () => {
    expect(renderMarkdown('[文章](https://weop.example/文章)')).toBe(
      '<p><a href="https://weop.example/%E6%96%87%E7%AB%A0" rel="nofollow ugc noopener" target="_blank">文章</a></p>\n',
    );
  });

  it('keeps https images with alt and title', () => {
    expect(renderMarkdown('![女性企业家](https://cdn.weop.example/a.jpg "照片")')).toBe(
      '<p><img src="https://cdn.weop.example/a.jpg" alt="女性企业家" title="照片" /></p>\n',
    );
  });

  it('renders a Chinese table (alignment styles are dropped with every style attribute)', () => {
    const html = renderMarkdown('| 国家 | 人数 |\n|:--|--:|\n| 中国 | 12 |\n| 哈萨克斯坦 | 3 |');
    expect(html).toBe(
      '<table>\n<thead>\n<tr>\n<th>国家</th>\n<th>人数</th>\n</tr>\n</thead>\n<tbody>\n' +
        '<tr>\n<td>中国</td>\n<td>12</td>\n</tr>\n<tr>\n<td>哈萨克斯坦</td>\n<td>3</td>\n</tr>\n</tbody>\n</table>\n',
    );
  });

  it('escapes code and keeps its whitespace', () => {
    expect(renderMarkdown('Use `<b>` here.\n\n```ts\nif (a < b) {\n  run();\n}\n```')).toBe(
      '<p>Use <code>&lt;b&gt;</code> here.</p>\n<pre><code>if (a &lt; b) {\n  run();\n}\n</code></pre>\n',
    );
  });

  it('renders blockquotes, rules and hard line breaks', () => {
    expect(renderMarkdown('> Цитата\n\n---\n\nline one  \nline two')).toBe(
      '<blockquote>\n<p>Цитата</p>\n</blockquote>\n<hr />\n<p>line one<br />\nline two</p>\n',
    );
  });

  it('leaves quotes, dashes and (c) alone (typographer off)', () => {
    expect(renderMarkdown('"quoted" -- (c) ...')).toBe('<p>"quoted" -- (c) ...</p>\n');
  });

  it('keeps the characters of every language intact', () => {
    const text = 'Қазақстан әйелдері · ქალები · خواتین · Oʻzbekiston · 𠀀 · 👩‍💻';
    expect(renderMarkdown(text)).toBe(`<p>${text}</p>\n`);
  });
});

describe('plainText', () => {
  it('strips markup and keeps the words', () => {
    expect(plainText('# Заголовок\n\nТекст с **жирным** и [ссылкой](https://x.example).')).toBe(
      'Заголовок Текст с жирным и ссылкой.',
    );
  });

  it('does not split a word whose part is emphasised', () => {
    expect(plainText('wo**rd** и сло*во*')).toBe('word и слово');
  });

  it('separates list items, table cells and paragraphs', () => {
    expect(plainText('- один\n- два\n\n| 国家 | 人数 |\n|--|--|\n| 中国 | 12 |\n\nend')).toBe('один два 国家 人数 中国 12 end');
  });

  it('decodes entities instead of leaving HTML escapes', () => {
    expect(plainText('Tom & Jerry, 1 < 2 > 0, "quotes", \'apostrophe\', &copy; &#x41;')).toBe(
      'Tom & Jerry, 1 < 2 > 0, "quotes", \'apostrophe\', © A',
    );
  });

  it('returns literal HTML written in Markdown as text (to be escaped by whoever displays it)', () => {
    expect(plainText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('keeps an escaped entity as written', () => {
    expect(plainText('\\&#60; is how you write <')).toBe('&#60; is how you write <');
  });

  it('includes image alt text and code', () => {
    expect(plainText('![女性企业家](https://cdn.weop.example/a.jpg) `npm test`\n\n```\nconst a = 1;\n```')).toBe(
      '女性企业家 npm test const a = 1;',
    );
  });

  it('collapses whitespace and trims', () => {
    expect(plainText('  a\n\n\n   b  \n')).toBe('a b');
  });

  it('is empty for empty input', () => {
    expect(plainText('')).toBe('');
  });
});
