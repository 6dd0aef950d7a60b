import type { Attribute, Element } from "../element.js";
import { isElement } from "../element.js";
import { DecodeError } from "../errors.js";
import type { CpCharacteristic, CpDocument, CpNode } from "./cp-document.js";

/** Root element name of a CP document. */
export const cpRootName = "wap-provisioningdoc";

function attr(e: Element, name: string): string | undefined {
  return e.attributes?.find((a) => a.name === name)?.value;
}

function cpFail(message: string, e: Element): never {
  throw new DecodeError("CP_INVALID", message, e.offset ?? 0);
}

/**
 * The CP document of a `wap-provisioningdoc` element tree (from XML or WBXML). Throws
 * DecodeError("CP_INVALID") at the element's offset for another root, a characteristic without
 * a type, a parm without a name, or an element the PROV DTD does not have. Text between
 * elements is ignored (the DTD allows none).
 */
export function cpFromElement(root: Element): CpDocument {
  if (root.name !== cpRootName) cpFail(`root element is ${root.name}, not ${cpRootName}`, root);
  const characteristics: CpCharacteristic[] = [];
  for (const c of root.children) {
    if (!isElement(c)) continue;
    if (c.name !== "characteristic") cpFail(`${c.name} is not allowed in ${cpRootName}`, c);
    characteristics.push(characteristicOf(c));
  }
  const version = attr(root, "version");
  return version === undefined ? { characteristics } : { version, characteristics };
}

function characteristicOf(e: Element): CpCharacteristic {
  const type = attr(e, "type");
  if (type === undefined || type === "") cpFail("characteristic without a type", e);
  const children: CpNode[] = [];
  for (const c of e.children) {
    if (!isElement(c)) continue;
    if (c.name === "characteristic") children.push(characteristicOf(c));
    else if (c.name === "parm") {
      const name = attr(c, "name");
      if (name === undefined || name === "") cpFail("parm without a name", c);
      const value = attr(c, "value");
      children.push(value === undefined ? { kind: "parm", name } : { kind: "parm", name, value });
    } else cpFail(`${c.name} is not allowed in a characteristic`, c);
  }
  return { kind: "characteristic", type, children };
}

/** The element tree of a CP document (namespace "", as the PROV language has it). */
export function cpToElement(doc: CpDocument): Element {
  const attributes: Attribute[] = doc.version === undefined ? [] : [{ name: "version", value: doc.version }];
  const children = doc.characteristics.map(characteristicElement);
  return attributes.length === 0
    ? { name: cpRootName, ns: "", children }
    : { name: cpRootName, ns: "", attributes, children };
}

function characteristicElement(c: CpCharacteristic): Element {
  return {
    name: "characteristic",
    ns: "",
    attributes: [{ name: "type", value: c.type }],
    children: c.children.map((n) =>
      n.kind === "characteristic"
        ? characteristicElement(n)
        : {
            name: "parm",
            ns: "",
            attributes:
              n.value === undefined
                ? [{ name: "name", value: n.name }]
                : [
                    { name: "name", value: n.name },
                    { name: "value", value: n.value },
                  ],
            children: [],
          },
    ),
  };
}
