import type { Attribute, Element } from "../element.js";
import { OmaDmError } from "../errors.js";
import { escapeAttribute, escapeText, isNcName, isQName } from "./xml-escape.js";
import type { XmlDoctype, XmlEncodeOptions } from "./xml-options.js";

const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Encodes an element tree as UTF-8 XML. Namespaces are written in default-namespace form
 * (`xmlns="..."` where an element's ns differs from its parent's), never with prefixes.
 * Throws OmaDmError("INVALID_ARGUMENT") for what XML cannot carry: names that are not NCNames,
 * characters outside XML 1.0, and byte children that are not UTF-8 text.
 */
export function encodeXml(root: Element, options?: XmlEncodeOptions): Uint8Array {
  return utf8.encode(encodeXmlString(root, options));
}

/** encodeXml, as a string (for logs, tests and text transports). */
export function encodeXmlString(root: Element, options?: XmlEncodeOptions): string {
  const indent = options?.indent;
  if (indent !== undefined && !/^[ \t]*$/.test(indent)) {
    throw new OmaDmError("INVALID_ARGUMENT", "indent may contain only spaces and tabs");
  }
  const w: Writer = { out: "", indent, breaks: [], elementNames: new Set(), attributeNames: new Set() };
  const newline = indent === undefined ? "" : "\n";
  if (options?.declaration !== false) w.out += declaration + newline;
  if (options?.doctype !== undefined) w.out += doctypeDecl(options.doctype) + newline;
  writeElement(w, root, "", 0);
  return w.out;
}

interface Writer {
  out: string;
  readonly indent: string | undefined;
  /** breaks[depth] = a line break and the indentation of that depth. */
  readonly breaks: string[];
  /** Names already checked in this call. */
  readonly elementNames: Set<string>;
  readonly attributeNames: Set<string>;
}

function writeElement(w: Writer, e: Element, parentNs: string, depth: number): void {
  const name = checkedName(w, e.name);
  w.out += "<" + name;
  // [XML-NS §6.2] a default namespace declaration applies to the element and its descendants.
  if (e.ns !== parentNs) w.out += ' xmlns="' + escapeAttribute(e.ns) + '"';
  const attributes = e.attributes;
  if (attributes !== undefined && attributes.length > 0) writeAttributes(w, attributes);
  const children = e.children;
  if (children.length === 0) {
    w.out += "/>";
    return;
  }
  w.out += ">";
  let pretty = w.indent !== undefined;
  if (pretty) for (const c of children) if (typeof c === "string" || c instanceof Uint8Array) pretty = false;
  for (const c of children) {
    if (typeof c === "string") w.out += escapeText(c);
    else if (c instanceof Uint8Array) w.out += escapeText(bytesAsText(c));
    else {
      if (pretty) w.out += lineBreak(w, depth + 1);
      writeElement(w, c, e.ns, depth + 1);
    }
  }
  if (pretty) w.out += lineBreak(w, depth);
  w.out += "</" + name + ">";
}

function lineBreak(w: Writer, depth: number): string {
  return (w.breaks[depth] ??= "\n" + (w.indent ?? "").repeat(depth));
}

function writeAttributes(w: Writer, attributes: readonly Attribute[]): void {
  for (let k = 0; k < attributes.length; k++) {
    const a = attributes[k]!;
    const name = a.name;
    if (!w.attributeNames.has(name)) {
      // Namespaces are carried by `ns`; a prefixed attribute would need a declaration the
      // default-namespace form cannot give, except for the predeclared xml prefix.
      const local = name.startsWith("xml:") ? name.slice(4) : name;
      if (!isNcName(local) || name === "xmlns") {
        throw new OmaDmError("INVALID_ARGUMENT", `invalid attribute name ${JSON.stringify(name)}`);
      }
      w.attributeNames.add(name);
    }
    for (let j = 0; j < k; j++) {
      if (attributes[j]!.name === name) {
        throw new OmaDmError("INVALID_ARGUMENT", `attribute ${JSON.stringify(name)} appears twice`);
      }
    }
    w.out += " " + name + '="' + escapeAttribute(a.value) + '"';
  }
}

function checkedName(w: Writer, name: string): string {
  if (w.elementNames.has(name)) return name;
  if (!isNcName(name))
    throw new OmaDmError("INVALID_ARGUMENT", `invalid element name ${JSON.stringify(name)}`);
  w.elementNames.add(name);
  return name;
}

// Opaque bytes (WBXML OPAQUE) can be written as text only when they are UTF-8; the SyncML layer
// turns binary into base64 before it reaches XML [TR-TND §8.3.7.2].
function bytesAsText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new OmaDmError("INVALID_ARGUMENT", "a byte child is not UTF-8 text; base64 it before XML");
  }
}

function doctypeDecl(d: XmlDoctype): string {
  if (!isQName(d.name))
    throw new OmaDmError("INVALID_ARGUMENT", `invalid DOCTYPE name ${JSON.stringify(d.name)}`);
  let s = "<!DOCTYPE " + d.name;
  if (d.publicId !== undefined) {
    if (d.systemId === undefined) {
      throw new OmaDmError("INVALID_ARGUMENT", "a DOCTYPE public id needs a system id [XML §4.2.2]");
    }
    // [XML §2.3] PubidChar
    if (!/^[\x20\x0d\x0aa-zA-Z0-9\-'()+,./:=?;!*#@$_%]*$/.test(d.publicId)) {
      throw new OmaDmError("INVALID_ARGUMENT", "invalid character in the DOCTYPE public id");
    }
    s += ' PUBLIC "' + d.publicId + '" ' + systemLiteral(d.systemId);
  } else if (d.systemId !== undefined) s += " SYSTEM " + systemLiteral(d.systemId);
  return s + ">";
}

function systemLiteral(id: string): string {
  escapeText(id); // checks that every character is an XML character
  if (!id.includes('"')) return '"' + id + '"';
  if (!id.includes("'")) return "'" + id + "'";
  throw new OmaDmError("INVALID_ARGUMENT", "a DOCTYPE system id cannot contain both quote characters");
}
