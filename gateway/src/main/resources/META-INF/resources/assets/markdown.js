/**
 * A small Markdown subset rendered straight to DOM nodes, so text written by an admin can never
 * become markup or script: every piece of it ends up in a text node. Supported: # to ####
 * headings, paragraphs (blank-line separated; single newlines become line breaks), "- " / "* "
 * and "1. " lists, **bold**, *italic* / _italic_, `code` and [links](https://…) (http, https and
 * mailto only; anything else stays plain text). Everything else is shown as written.
 */

const HEADING = /^(#{1,4})\s+(.*)$/;
const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** Renders Markdown into a DocumentFragment; headings start at level `headingBase` (# → h3 by default). */
export function renderMarkdown(source, headingBase = 3) {
  const fragment = document.createDocumentFragment();
  const lines = String(source || '').replace(/\r\n?/g, '\n').split('\n');
  let paragraph = [];
  let list = null;

  const flushParagraph = () => {
    if (paragraph.length) {
      const p = document.createElement('p');
      paragraph.forEach((line, i) => {
        if (i > 0) {
          p.appendChild(document.createElement('br'));
        }
        appendInline(p, line);
      });
      fragment.appendChild(p);
      paragraph = [];
    }
  };
  const flushList = () => {
    list = null;
  };

  for (const line of lines) {
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min(6, headingBase + heading[1].length - 1);
      const h = document.createElement('h' + level);
      appendInline(h, heading[2]);
      fragment.appendChild(h);
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      flushParagraph();
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== tag) {
        list = document.createElement(tag);
        fragment.appendChild(list);
      }
      const li = document.createElement('li');
      appendInline(li, (bullet || numbered)[1]);
      list.appendChild(li);
      continue;
    }
    flushList();
    paragraph.push(line);
  }
  flushParagraph();
  return fragment;
}

/** Inline markup: code first (its content is literal), then links, bold and italic. */
const INLINE = /(`[^`]+`)|(\[[^\]]+\]\([^)\s]+\))|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)/;

function appendInline(parent, text) {
  let rest = text;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      parent.appendChild(document.createTextNode(rest));
      return;
    }
    if (match.index > 0) {
      parent.appendChild(document.createTextNode(rest.slice(0, match.index)));
    }
    const token = match[0];
    if (match[1]) {
      const code = document.createElement('code');
      code.textContent = token.slice(1, -1);
      parent.appendChild(code);
    } else if (match[2]) {
      parent.appendChild(link(token));
    } else if (match[3]) {
      const strong = document.createElement('strong');
      appendInline(strong, token.slice(2, -2));
      parent.appendChild(strong);
    } else {
      const em = document.createElement('em');
      appendInline(em, token.slice(1, -1));
      parent.appendChild(em);
    }
    rest = rest.slice(match.index + token.length);
  }
}

function link(token) {
  const close = token.indexOf('](');
  const label = token.slice(1, close);
  const href = token.slice(close + 2, -1);
  if (!SAFE_URL.test(href)) {
    return document.createTextNode(label);
  }
  const a = document.createElement('a');
  a.href = href;
  a.rel = 'noopener noreferrer';
  a.target = '_blank';
  appendInline(a, label);
  return a;
}
