/**
 * Namespace declarations in scope while decoding [XML-NS §3, §6]. Default namespaces are kept
 * per element by the parser; prefixed bindings live here. Each prefix has its own stack of
 * namespaces, so a lookup costs the same however many declarations are in scope; `declared`
 * logs the prefixes in declaration order so that an element's end can unwind its own.
 * Internal to the XML codec.
 */
import { malformed } from "./xml-source.js";

/** [XML-NS §3] the namespace the `xml` prefix is bound to, by definition. */
export const xmlNamespace = "http://www.w3.org/XML/1998/namespace";
/** [XML-NS §3] the namespace of `xmlns` attributes; nothing may be bound to it. */
export const xmlnsNamespace = "http://www.w3.org/2000/xmlns/";

export interface PrefixBindings {
  readonly byPrefix: Map<string, string[]>;
  readonly declared: string[];
}

export function newPrefixBindings(): PrefixBindings {
  return { byPrefix: new Map(), declared: [] };
}

/** The mark to pass to unwindBindings when the element that starts now ends. */
export function bindingMark(scope: PrefixBindings): number {
  return scope.declared.length;
}

/** The namespace bound to `prefix`, innermost first; undefined when unbound. */
export function lookupPrefix(scope: PrefixBindings, prefix: string): string | undefined {
  if (prefix === "xml") return xmlNamespace;
  const uris = scope.byPrefix.get(prefix);
  return uris === undefined ? undefined : uris[uris.length - 1];
}

/** Adds `xmlns:prefix="uri"` after checking the reserved names [XML-NS §3 constraints]. */
export function bindPrefix(scope: PrefixBindings, prefix: string, uri: string, offset: number): void {
  if (prefix === "xmlns") return malformed("the xmlns prefix cannot be declared", offset);
  if (prefix === "xml") {
    if (uri !== xmlNamespace) malformed("the xml prefix is bound to its own namespace", offset);
    return;
  }
  if (uri === "") return malformed("a prefix cannot be bound to the empty namespace", offset);
  checkReservedUri(uri, offset);
  const uris = scope.byPrefix.get(prefix);
  if (uris === undefined) scope.byPrefix.set(prefix, [uri]);
  else uris.push(uri);
  scope.declared.push(prefix);
}

/** Checks an `xmlns="uri"` declaration. */
export function checkDefaultNamespace(uri: string, offset: number): void {
  checkReservedUri(uri, offset);
}

function checkReservedUri(uri: string, offset: number): void {
  if (uri === xmlNamespace || uri === xmlnsNamespace) {
    malformed("the xml and xmlns namespaces cannot be declared", offset);
  }
}

/** Drops the bindings made since `mark` (the bindingMark when the element started). */
export function unwindBindings(scope: PrefixBindings, mark: number): void {
  const declared = scope.declared;
  while (declared.length > mark) {
    const prefix = declared.pop()!;
    const uris = scope.byPrefix.get(prefix)!;
    if (uris.length === 1) scope.byPrefix.delete(prefix);
    else uris.pop();
  }
}
