// Text into HTML and XML: every character that could end a text or an attribute is escaped, and any
// character XML 1.0 cannot carry (stored text refuses them upstream; this is the last guard) is
// replaced, so no text from a report can become markup or break the document.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an element's content or an attribute value, in HTML or XML. */
export function escapeMarkup(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A template tag: every interpolated value is escaped unless it is `Markup` made by this module. */
export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Part = string | number | Markup | null | undefined | false | readonly Part[];

function render(p: Part): string {
  if (p === null || p === undefined || p === false) return '';
  if (p instanceof Markup) return p.html;
  if (Array.isArray(p)) return (p as readonly Part[]).map(render).join('');
  return escapeMarkup(String(p));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Markup(out);
}
