import { describe, expect, it } from "vitest";
import { bootstrapContentType } from "@omadm/protocol";
import { encodePapRequest, papAddress, papControlDocument } from "./pap-request.js";
import { contentTypeHeader, package0Content } from "./push-content.js";

const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

describe("PAP push request", () => {
  it("frames a Package 0 as multipart/related with CRLF, the control entity first, then the content", () => {
    const body = new Uint8Array([0x00, 0x0d, 0x0a, 0xff, 0x2d]);
    const req = encodePapRequest({
      pushId: "abc@ppg.example",
      msisdn: "+15551234567",
      ppgHost: "ppg.example",
      boundary: "B0",
      content: package0Content(body),
    });
    expect(req.contentType).toBe('multipart/related; boundary=B0; type="application/xml"');
    const expected =
      "--B0\r\nContent-Type: application/xml\r\n\r\n" +
      '<?xml version="1.0"?>\r\n' +
      '<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 2.0//EN" "http://www.wapforum.org/DTD/pap_2.0.dtd">\r\n' +
      '<pap><push-message push-id="abc@ppg.example">' +
      '<address address-value="WAPPUSH=+15551234567/TYPE=PLMN@ppg.example"/>' +
      "</push-message></pap>\r\n" +
      "--B0\r\nContent-Type: application/vnd.syncml.notification\r\n" +
      "X-WAP-Application-Id: x-wap-application:syncml.dm\r\n\r\n" +
      "\u0000\r\n\u00ff-" +
      "\r\n--B0--\r\n";
    expect(latin1(req.body)).toBe(expected);
  });

  it("writes a bootstrap's SEC by name and its MAC in the content entity's Content-Type", () => {
    const mac = "0123456789ABCDEF0123456789ABCDEF01234567";
    expect(contentTypeHeader(bootstrapContentType("dm", "NETWPIN", mac))).toBe(
      `application/vnd.syncml.dm+wbxml; SEC=NETWPIN; MAC=${mac}`,
    );
    expect(contentTypeHeader(bootstrapContentType("cp", "USERPIN", mac))).toBe(
      `application/vnd.wap.connectivity-wbxml; SEC=USERPIN; MAC=${mac}`,
    );
  });

  it("leaves X-WAP-Application-Id out when the content has no application id", () => {
    const req = encodePapRequest({
      pushId: "x@h",
      msisdn: "15551234567",
      ppgHost: "h",
      boundary: "B",
      content: {
        contentType: { mediaType: "application/vnd.wap.connectivity-wbxml" },
        body: new Uint8Array(1),
      },
    });
    expect(latin1(req.body)).not.toContain("X-WAP-Application-Id");
    expect(latin1(req.body)).toContain("WAPPUSH=+15551234567/TYPE=PLMN@h");
  });

  it.each([
    ["+15551234567", "WAPPUSH=+15551234567/TYPE=PLMN@ppg"],
    ["15551234567", "WAPPUSH=+15551234567/TYPE=PLMN@ppg"],
    ["+1 555-123-4567", "WAPPUSH=+15551234567/TYPE=PLMN@ppg"],
  ])("addresses %s as %s", (msisdn, address) => {
    expect(papAddress(msisdn, "ppg")).toBe(address);
  });

  it.each(["", "+", "12", "+1555abc", "+1555/TYPE=USER"])("refuses %j as an MSISDN", (msisdn) => {
    expect(() => papAddress(msisdn, "ppg")).toThrow(TypeError);
  });

  it("escapes XML in the push id", () => {
    expect(papControlDocument('a"<&>@h', "x")).toContain('push-id="a&#34;&#60;&#38;&#62;@h"');
  });

  it("refuses a boundary that occurs in the content", () => {
    const content = package0Content(new TextEncoder().encode("xx\r\n--B--"));
    expect(() =>
      encodePapRequest({ pushId: "x@h", msisdn: "+1555", ppgHost: "h", boundary: "B", content }),
    ).toThrow(/boundary/);
  });
});
