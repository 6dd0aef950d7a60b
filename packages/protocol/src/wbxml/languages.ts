import {
  devinf11Tags,
  devinf12Tags,
  dmddf12Tags,
  metinf11Tags,
  metinf12AddedTags,
  syncml11Tags,
  syncml12AddedTags,
} from "./syncml-tables.js";
import {
  provAttributeStarts0,
  provAttributeStarts1,
  provAttributeValues0,
  provAttributeValues1,
  provTags0,
  provTags1,
} from "./prov-tables.js";
import { defineWbxmlLanguage, type WbxmlCodePage, type WbxmlLanguage } from "./wbxml-language.js";

// Namespaces [TR-REP §4.1.2.1], fact sheet §2.1, [LIBWBXML:wbxml_tables.c ns tables].
const metinfNs = "syncml:metinf";
const dmddfNs = "syncml:dmddf1.2";
const devinfNs = "syncml:devinf";

const metinfPage: WbxmlCodePage = {
  page: 1,
  ns: metinfNs,
  tags: [...metinf11Tags, ...metinf12AddedTags],
};
// [TR-TND §8.6] DDF/TNDS tokens live on code page 2, in SyncML messages and on their own.
const dmddfPage: WbxmlCodePage = { page: 2, ns: dmddfNs, tags: dmddf12Tags };

/**
 * SyncML 1.2 (public id 0x1201): page 0 SyncML, page 1 MetInf, page 2 DM DDF (inline TNDS).
 * Fact sheet §3.1, §3.3-§3.5.
 */
export const syncml12Language = defineWbxmlLanguage({
  name: "SyncML 1.2",
  publicId: 0x1201,
  fpi: "-//SYNCML//DTD SyncML 1.2//EN",
  root: "SyncML",
  rootNs: "SYNCML:SYNCML1.2",
  pages: [
    { page: 0, ns: "SYNCML:SYNCML1.2", tags: [...syncml11Tags, ...syncml12AddedTags] },
    metinfPage,
    dmddfPage,
  ],
});

/**
 * SyncML 1.1 (public id 0x0FD3). SyncML 1.1 defines page 0 up to 0x34 and MetInf up to 0x15;
 * the 1.2 additions (Correlator, FieldLevel, ...) are accepted too, because DM 1.2 engines label
 * DM 1.2 content with the 1.1 identifier [MOTO:engine/dmlib/linux_java/test/dm12/testget.wbxml].
 */
export const syncml11Language = defineWbxmlLanguage({
  name: "SyncML 1.1",
  publicId: 0x0fd3,
  fpi: "-//SYNCML//DTD SyncML 1.1//EN",
  root: "SyncML",
  rootNs: "SYNCML:SYNCML1.1",
  pages: [
    { page: 0, ns: "SYNCML:SYNCML1.1", tags: [...syncml11Tags, ...syncml12AddedTags] },
    metinfPage,
    dmddfPage,
  ],
});

/**
 * DM DDF / TNDS 1.2 as a document of its own: no numeric public id (the string form carries the
 * FPI), tokens on page 2, so a document starts with SWITCH_PAGE 2 as libwbxml's xml2wbxml writes.
 */
export const dmddf12Language = defineWbxmlLanguage({
  name: "DM DDF 1.2",
  fpi: "-//OMA//DTD-DM-DDF 1.2//EN",
  root: "MgmtTree",
  rootNs: dmddfNs,
  pages: [dmddfPage],
});

/** MetInf 1.2 as a document of its own (public id 0x1202); tokens on page 1 as in SyncML. */
export const metinf12Language = defineWbxmlLanguage({
  name: "MetInf 1.2",
  publicId: 0x1202,
  fpi: "-//SYNCML//DTD MetInf 1.2//EN",
  root: "MetInf",
  rootNs: metinfNs,
  pages: [metinfPage],
});

/** MetInf 1.1 as a document of its own (no numeric public id). */
export const metinf11Language = defineWbxmlLanguage({
  name: "MetInf 1.1",
  fpi: "-//SYNCML//DTD MetInf 1.1//EN",
  root: "MetInf",
  rootNs: metinfNs,
  pages: [{ page: 1, ns: metinfNs, tags: metinf11Tags }],
});

/** DevInf 1.2 (public id 0x1203), DS device information. */
export const devinf12Language = defineWbxmlLanguage({
  name: "DevInf 1.2",
  publicId: 0x1203,
  fpi: "-//SYNCML//DTD DevInf 1.2//EN",
  root: "DevInf",
  rootNs: devinfNs,
  pages: [{ page: 0, ns: devinfNs, tags: devinf12Tags }],
});

/** DevInf 1.1 (public id 0x0FD4). */
export const devinf11Language = defineWbxmlLanguage({
  name: "DevInf 1.1",
  publicId: 0x0fd4,
  fpi: "-//SYNCML//DTD DevInf 1.1//EN",
  root: "DevInf",
  rootNs: devinfNs,
  pages: [{ page: 0, ns: devinfNs, tags: devinf11Tags }],
});

/** WAP Client Provisioning (public id 0x0B): tags, attribute starts and values, pages 0 and 1. */
export const provLanguage = defineWbxmlLanguage({
  name: "WAP PROV 1.0",
  publicId: 0x0b,
  fpi: "-//WAPFORUM//DTD PROV 1.0//EN",
  root: "wap-provisioningdoc",
  rootNs: "",
  pages: [
    {
      page: 0,
      ns: "",
      tags: provTags0,
      attributeStarts: provAttributeStarts0,
      attributeValues: provAttributeValues0,
    },
    {
      page: 1,
      ns: "",
      tags: provTags1,
      attributeStarts: provAttributeStarts1,
      attributeValues: provAttributeValues1,
    },
  ],
});

/** Every built-in language; for a root without namespace the first listed one wins. */
export const wbxmlLanguages: readonly WbxmlLanguage[] = [
  syncml12Language,
  syncml11Language,
  dmddf12Language,
  provLanguage,
  metinf12Language,
  metinf11Language,
  devinf12Language,
  devinf11Language,
];

const byNumericId = new Map<number, WbxmlLanguage>();
const byFpi = new Map<string, WbxmlLanguage>();
const byFpiFolded = new Map<string, WbxmlLanguage>();
for (const lang of wbxmlLanguages) {
  if (lang.publicId !== undefined) byNumericId.set(lang.publicId, lang);
  byFpi.set(lang.fpi, lang);
  byFpiFolded.set(lang.fpi.toLowerCase(), lang);
}

/**
 * The language of a WBXML public identifier: a numeric id, or a formal public identifier
 * (matched exactly, then ignoring case as libwbxml does). Undefined when unknown.
 */
export function languageForPublicId(id: number | string): WbxmlLanguage | undefined {
  if (typeof id === "number") return byNumericId.get(id);
  return byFpi.get(id) ?? byFpiFolded.get(id.toLowerCase());
}

/**
 * The language whose documents have this root element. A root without namespace (XML written
 * without xmlns) gets the newest language with that root name; a namespace spelt in another
 * case (e.g. "syncml:syncml1.2") matches as a second try. Undefined when none.
 */
export function languageForRoot(name: string, ns: string): WbxmlLanguage | undefined {
  let byName: WbxmlLanguage | undefined;
  let byFoldedNs: WbxmlLanguage | undefined;
  const folded = ns.toLowerCase();
  for (const lang of wbxmlLanguages) {
    if (lang.root !== name) continue;
    if (lang.rootNs === ns) return lang;
    byName ??= lang;
    if (lang.rootNs.toLowerCase() === folded) byFoldedNs ??= lang;
  }
  return ns === "" ? byName : byFoldedNs;
}
