/**
 * Small readers and builders the SyncML mapping shares: trimmed text, decimal integers, flags,
 * and the SYNCML_INVALID error at an element's offset.
 */
import type { Child, Element } from "../../element.js";
import { el, textOf } from "../../element.js";
import { DecodeError, OmaDmError } from "../../errors.js";
import type { Data } from "../model.js";

/** A writable view of a readonly model type, for building decoded values field by field. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Hooks the mapping takes from decodeSyncML; syncmlFromElement uses none. */
export interface MappingOptions {
  /**
   * Turns opaque Item Data into a value. `type` is the effective Meta Type (Item Meta, else the
   * command's Meta); `depth` is the nesting depth of the Data element (SyncML is depth 1).
   */
  readonly opaqueData?: (bytes: Uint8Array, type: string | undefined, data: Element, depth: number) => Data;
}

export function invalid(message: string, at: Element): DecodeError {
  return new DecodeError("SYNCML_INVALID", message, at.offset ?? 0);
}

/** A mandatory child that is missing: the error points at the parent. */
export function missing(name: string, parent: Element): DecodeError {
  return invalid(`${parent.name} has no ${name}`, parent);
}

/**
 * The text of `e` without surrounding whitespace. Identifiers, URIs and numbers are trimmed
 * because real messages wrap them in newlines (libwbxml syncml-012.xml, SyncMLViewer examples).
 */
export function trimmedText(e: Element): string {
  return textOf(e).trim();
}

// 15 digits stay below Number.MAX_SAFE_INTEGER, so no digit string can lose precision.
const maxDigits = 15;

/**
 * A decimal integer (CmdID, MsgID, MsgRef, CmdRef, Status and Alert Data, Size, MaxMsgSize,
 * MaxObjSize); anything else, such as a template placeholder "xxcmdidxx", is SYNCML_INVALID here.
 */
export function integerOf(e: Element): number {
  const s = trimmedText(e);
  const n = decimalOf(s);
  if (n === undefined) throw notInteger(e, s);
  return n;
}

/** The value of a string of 1 to 15 ASCII digits, else undefined. */
export function decimalOf(s: string): number | undefined {
  if (s.length === 0 || s.length > maxDigits) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

function notInteger(e: Element, s: string): DecodeError {
  const shown = s.length > 32 ? `${s.slice(0, 32)}...` : s;
  return invalid(`${e.name} is not a decimal integer: ${JSON.stringify(shown)}`, e);
}

/** An element holding `text`; the empty string gives an empty element. */
export function textElement(name: string, ns: string, text: string): Element {
  return el(name, ns, text === "" ? [] : [text]);
}

/** An element holding a decimal integer; a model number that is not one is a caller bug. */
export function integerElement(name: string, ns: string, n: number): Element {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new OmaDmError("INVALID_ARGUMENT", `${name} must be a non-negative integer, got ${n}`);
  }
  return el(name, ns, [String(n)]);
}

/** Pushes an optional child: `<NoResp/>` for a true flag and so on. */
export function pushFlag(out: Child[], name: string, ns: string, on: boolean | undefined): void {
  if (on === true) out.push(el(name, ns));
}
