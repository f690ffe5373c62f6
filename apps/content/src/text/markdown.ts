// Turns author-written Markdown into HTML that is safe to serve, and into plain text for search and snippets.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const LINK_SCHEMES = ['http', 'https', 'mailto'];
const IMAGE_SCHEMES = ['https'];
const LINK_REL = 'nofollow ugc noopener';

// Rendered pages already carry their own <h1> (the title), so an author's "# Heading" becomes <h2>.
const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
  'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];

// Tags that end a visual line; when stripping markup they become a space so that words in adjacent cells,
// list items or paragraphs do not run together, while inline tags (<em> inside a word) vanish without one.
const BLOCK_TAG = /<\/?(?:p|br|li|ul|ol|h[1-6]|pre|blockquote|hr|table|thead|tbody|tr|th|td)\b[^>]*>/g;
// An image's alt text is what it says to someone who cannot see it, so it belongs in the searchable text.
const IMAGE_TAG = /<img\b[^>]*>/g;
const ALT_ATTRIBUTE = /\salt="([^"]*)"/;

/**
 * Decides whether a link or image address may be emitted at all. markdown-it's own check only looks at the
 * literal prefix, so this one first undoes the disguises browsers see through (percent- and entity-encoding,
 * tabs, newlines and other control or invisible characters inside the scheme) and then allow-lists schemes.
 */
export function isSafeUrl(url: string): boolean {
  let seen = url;
  // Double encoding (%2509) hides a tab behind two rounds of decoding.
  for (let round = 0; round < 3; round++) {
    const decoded = decodeEntities(safeDecodeUri(seen));
    if (decoded === seen) break;
    seen = decoded;
  }
  const cleaned = seen.replace(/[\p{Cc}\p{Cf}\p{Z}\s]/gu, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (scheme) return LINK_SCHEMES.includes(scheme[1].toLowerCase());
  // Protocol-relative (//host, \\host) links inherit whatever scheme the page has; not worth the ambiguity.
  if (/^[\\/]{2}/.test(cleaned)) return false;
  // Anything else with a colon before the path starts is a scheme the checks above did not recognise.
  const beforePath = cleaned.split(/[/?#]/, 1)[0];
  return !beforePath.includes(':');
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', tab: '\t', newline: '\n', colon: ':',
};

/**
 * Decodes the entities that can appear in our own HTML output (sanitize-html escapes only & < > ") plus numeric
 * ones, and the few named ones used to smuggle schemes (&colon; &Tab; &NewLine;); unknown names stay as written.
 */
function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));?/gi, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) {
      const codePoint = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd';
    }
    // Browsers only accept named entities without ';' for a legacy few; requiring it avoids eating "&ampersand".
    if (!whole.endsWith(';')) return whole;
    return NAMED_ENTITIES[(name ?? '').toLowerCase()] ?? whole;
  });
}

function createMarkdownIt(): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.validateLink = isSafeUrl;

  // Only https images are kept (no mixed content, no data: or relative paths into our API); other images fall
  // back to their alt text so the author's words are not lost.
  const renderImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const src = String(token.attrGet('src') ?? '');
    if (!/^https:\/\//i.test(src) || renderImage === undefined) {
      return md.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
    }
    return renderImage(tokens, idx, options, env, self);
  };
  return md;
}

const markdownIt = createMarkdownIt();

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    // "1." is the default; without start a list that begins at "3." would silently renumber.
    ol: ['start'],
  },
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesByTag: { img: IMAGE_SCHEMES },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    // markdown-it renders ~~text~~ as <s>; <del> is the allow-listed tag for struck-out text.
    s: 'del',
    // rel and target are set here rather than in markdown-it so that every <a> leaving this module has them,
    // whatever made it; isSafeUrl runs again because sanitize-html's scheme check takes "jav%0Ascript:" for a
    // relative path.
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      const kept: sanitizeHtml.Attributes = href !== undefined && isSafeUrl(href) ? { href } : {};
      return { tagName, attribs: { ...kept, ...rest, rel: LINK_REL, target: '_blank' } };
    },
  },
  // The scheme allow-list lets relative addresses through; images must be absolute https.
  exclusiveFilter: (frame) =>
    frame.tag === 'img' && !(/^https:\/\//i.test(frame.attribs.src ?? '') && isSafeUrl(frame.attribs.src ?? '')),
};

/**
 * The second wall: cleans HTML against the allow-list whatever produced it, so a markdown-it bug, plugin or
 * configuration change cannot by itself put a script, handler attribute or dangerous URL on a page.
 */
export function sanitizeRenderedHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Markdown to HTML that can be inserted into a page as is. */
export function renderMarkdown(markdown: string): string {
  // Control characters other than tab and line breaks have no business in text (markdown-it would only turn
  // U+0000 into U+FFFD).
  const cleaned = markdown.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return sanitizeRenderedHtml(markdownIt.render(cleaned));
}

/**
 * The words a reader sees, without markup, for search indexing and snippets. The result is text, not HTML:
 * "<b>" written literally in Markdown comes back as "<b>" and must be escaped by whoever puts it in a page.
 */
export function plainText(markdown: string): string {
  const html = renderMarkdown(markdown);
  // sanitize-html output is well formed (every literal < in text or attributes is escaped), so a regex finds
  // exactly the tags.
  const text = html
    .replace(IMAGE_TAG, (tag) => ` ${ALT_ATTRIBUTE.exec(tag)?.[1] ?? ''} `)
    .replace(BLOCK_TAG, ' ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}
