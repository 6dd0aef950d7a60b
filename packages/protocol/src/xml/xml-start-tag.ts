/**
 * Start tags [XML §3.1]: the element name, its attributes with normalized values [XML §3.3.3],
 * and namespace resolution [XML-NS §5, §6]. `xmlns` attributes are consumed into `ns`; other
 * attributes are kept in document order under their qualified names. Internal to the XML codec.
 */
import type { Attribute } from "../element.js";
import { attrClass } from "./xml-chars.js";
import {
  bindingMark,
  bindPrefix,
  checkDefaultNamespace,
  lookupPrefix,
  unwindBindings,
} from "./xml-namespaces.js";
import { nameString, scanName } from "./xml-names.js";
import type { NameScan } from "./xml-names.js";
import type { OpenElement, ParserState } from "./xml-parser-state.js";
import { readReference } from "./xml-references.js";
import {
  checkFlaggedChar,
  decodeRange,
  fail,
  malformed,
  skipWhitespace,
  startsWithAscii,
  truncated,
} from "./xml-source.js";
import type { Source } from "./xml-source.js";

const scan: NameScan = { colon: -1, ascii: true };

/**
 * Reads the start tag whose `<` is at `lt`, appends the element to its parent and, unless the
 * tag was self-closing, opens it. `src.pos` is set after the tag.
 */
export function readStartTag(p: ParserState, lt: number): OpenElement {
  const src = p.src;
  const b = src.bytes;
  const end = src.end;
  const d = p.depth;
  if (d >= src.maxDepth) fail("DECODE_LIMIT", `elements nest deeper than ${src.maxDepth}`, lt);
  const qStart = lt + 1;
  const qEnd = scanName(src, qStart, scan);
  const qColon = scan.colon;
  const qAscii = scan.ascii;
  let i = qEnd;
  let count = 0;
  let selfClosing = false;
  for (;;) {
    const before = i;
    i = skipWhitespace(src, i);
    if (i >= end) return truncated(src, "a start tag");
    const c = b[i];
    if (c === 0x3e) {
      i++;
      break;
    }
    if (c === 0x2f) {
      if (i + 1 >= end) return truncated(src, "a start tag");
      if (b[i + 1] !== 0x3e) return malformed("expected '>' after '/'", i + 1);
      i += 2;
      selfClosing = true;
      break;
    }
    if (i === before) return malformed("expected whitespace, '>' or '/>'", i);
    const aEnd = scanName(src, i, scan);
    p.attrStarts[count] = i;
    p.attrEnds[count] = aEnd;
    p.attrColons[count] = scan.colon;
    p.attrAscii[count] = scan.ascii;
    i = skipWhitespace(src, aEnd);
    if (i >= end) return truncated(src, "a start tag");
    if (b[i] !== 0x3d) return malformed("expected '=' after the attribute name", i);
    i = skipWhitespace(src, i + 1);
    p.attrValues[count] = readAttributeValue(src, i);
    i = src.pos;
    count++;
  }
  src.pos = i;
  if (count > 1) checkUniqueNames(p, count);

  let defaultNs = d === 0 ? "" : p.defaultNs[d - 1]!;
  const mark = bindingMark(p.bindings);
  let regular = 0;
  for (let k = 0; k < count; k++) {
    const start = p.attrStarts[k]!;
    const colon = p.attrColons[k]!;
    if (colon < 0 && p.attrEnds[k]! - start === 5 && startsWithAscii(src, start, "xmlns")) {
      defaultNs = p.attrValues[k]!;
      checkDefaultNamespace(defaultNs, start);
    } else if (colon === start + 5 && startsWithAscii(src, start, "xmlns")) {
      const prefix = nameString(src, colon + 1, p.attrEnds[k]!, p.attrAscii[k]!);
      bindPrefix(p.bindings, prefix, p.attrValues[k]!, start);
    } else regular++;
  }

  let name: string;
  let ns: string;
  if (qColon < 0) {
    name = nameString(src, qStart, qEnd, qAscii);
    ns = defaultNs;
  } else {
    const prefix = nameString(src, qStart, qColon, qAscii);
    name = nameString(src, qColon + 1, qEnd, qAscii);
    if (prefix === "xmlns") return malformed("an element cannot have the xmlns prefix", lt);
    ns = resolve(p, prefix, lt);
  }
  const children: OpenElement["children"] = [];
  const el: OpenElement =
    regular === 0
      ? { name, ns, children, offset: lt }
      : { name, ns, attributes: readAttributes(p, count), children, offset: lt };
  if (d > 0) {
    p.open[d - 1]!.children.push(el);
    p.hasElementChild[d - 1] = true;
  }
  p.selfClosing = selfClosing;
  if (selfClosing) unwindBindings(p.bindings, mark);
  else {
    p.open[d] = el;
    p.nameStarts[d] = qStart;
    p.nameEnds[d] = qEnd;
    p.defaultNs[d] = defaultNs;
    p.bindingMarks[d] = mark;
    p.hasElementChild[d] = false;
    p.depth = d + 1;
  }
  return el;
}

// The non-xmlns attributes, in order; prefixed names must be bound (checked, then kept as written).
function readAttributes(p: ParserState, count: number): Attribute[] {
  const src = p.src;
  const attributes: Attribute[] = [];
  let expanded: Set<string> | undefined;
  for (let k = 0; k < count; k++) {
    const start = p.attrStarts[k]!;
    const end = p.attrEnds[k]!;
    const colon = p.attrColons[k]!;
    if (colon < 0) {
      if (end - start === 5 && startsWithAscii(src, start, "xmlns")) continue;
    } else {
      if (colon === start + 5 && startsWithAscii(src, start, "xmlns")) continue;
      const prefix = nameString(src, start, colon, p.attrAscii[k]!);
      const uri = resolve(p, prefix, start);
      // [XML-NS §6.3] no two attributes with the same local name and namespace.
      const key = `${uri} ${nameString(src, colon + 1, end, p.attrAscii[k]!)}`;
      expanded ??= new Set();
      if (uri !== "" && expanded.has(key)) return malformed("duplicate attribute namespace and name", start);
      expanded.add(key);
    }
    attributes.push({ name: nameString(src, start, end, p.attrAscii[k]!), value: p.attrValues[k]! });
  }
  return attributes;
}

function resolve(p: ParserState, prefix: string, offset: number): string {
  const uri = lookupPrefix(p.bindings, prefix);
  if (uri !== undefined) return uri;
  // Windows MDM snippets use `A:Format` without declaring A; lenient mode reads it as unqualified.
  if (p.src.lenient) return "";
  return fail("XML_UNBOUND_PREFIX", `prefix '${prefix}' is not declared`, offset);
}

// [XML §3.1] Unique Att Spec: no attribute name appears twice in a tag.
function checkUniqueNames(p: ParserState, count: number): void {
  const b = p.src.bytes;
  if (count > 16) {
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const n = nameString(p.src, p.attrStarts[k]!, p.attrEnds[k]!, p.attrAscii[k]!);
      if (seen.has(n)) malformed("duplicate attribute", p.attrStarts[k]!);
      seen.add(n);
    }
    return;
  }
  for (let k = 1; k < count; k++) {
    const ks = p.attrStarts[k]!;
    const len = p.attrEnds[k]! - ks;
    for (let j = 0; j < k; j++) {
      const js = p.attrStarts[j]!;
      if (p.attrEnds[j]! - js !== len) continue;
      let same = true;
      for (let x = 0; x < len; x++) {
        if (b[ks + x] !== b[js + x]) {
          same = false;
          break;
        }
      }
      if (same) malformed("duplicate attribute", ks);
    }
  }
}

// Reads the quoted value at `i` with references expanded and whitespace normalized [XML §3.3.3].
function readAttributeValue(src: Source, i: number): string {
  const b = src.bytes;
  const end = src.end;
  const table = src.tables.attr;
  if (i >= end) return truncated(src, "a start tag");
  const quote = b[i];
  if (quote !== 0x22 && quote !== 0x27) return malformed("expected a quoted attribute value", i);
  let run = i + 1;
  let j = run;
  let ascii = true;
  let value = "";
  for (;;) {
    while (j < end && table[b[j]!] === attrClass.plain) j++;
    if (j >= end) return truncated(src, "an attribute value");
    const c = b[j]!;
    switch (table[c]!) {
      case attrClass.quote:
        if (c === quote) {
          src.pos = j + 1;
          return run === j ? value : value + decodeRange(src, run, j, ascii);
        }
        j++;
        break;
      case attrClass.lt:
        return malformed("'<' is not allowed in an attribute value", j);
      case attrClass.amp:
        value += decodeRange(src, run, j, ascii) + readReference(src, j);
        j = run = src.pos;
        ascii = true;
        break;
      case attrClass.tabOrLf:
      case attrClass.cr:
        value += decodeRange(src, run, j, ascii) + " ";
        j += c === 0x0d && j + 1 < end && b[j + 1] === 0x0a ? 2 : 1;
        run = j;
        ascii = true;
        break;
      default:
        if (c >= 0x80) ascii = false;
        j += checkFlaggedChar(src, j);
    }
  }
}
