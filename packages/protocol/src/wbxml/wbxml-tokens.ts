/**
 * WBXML global tokens [WBXML §7.1], fact sheet §3.2. They mean the same on every code page;
 * tag tokens use the low six bits 0x05..0x3F plus the attribute (0x80) and content (0x40) bits.
 */
export const globalTokens = {
  SWITCH_PAGE: 0x00,
  END: 0x01,
  ENTITY: 0x02,
  STR_I: 0x03,
  LITERAL: 0x04,
  EXT_I_0: 0x40,
  EXT_I_1: 0x41,
  EXT_I_2: 0x42,
  PI: 0x43,
  LITERAL_C: 0x44,
  EXT_T_0: 0x80,
  EXT_T_1: 0x81,
  EXT_T_2: 0x82,
  STR_T: 0x83,
  LITERAL_A: 0x84,
  EXT_0: 0xc0,
  EXT_1: 0xc1,
  EXT_2: 0xc2,
  OPAQUE: 0xc3,
  LITERAL_AC: 0xc4,
} as const;

/** Tag token bits [WBXML §5.8.2]. */
export const tagBits = { attributes: 0x80, content: 0x40, token: 0x3f } as const;

/**
 * Character sets the codec reads, by IANA MIBenum [WBXML §5.6]. 0 means "unknown" in the header;
 * it is read as UTF-8. The encoder always writes UTF-8.
 */
export const wbxmlCharsets = { unknown: 0, usAscii: 3, iso88591: 4, utf8: 106 } as const;

/** WBXML version bytes: the minor number in the low nibble [WBXML §5.4]. */
export const wbxmlVersions = { v1_0: 0x00, v1_1: 0x01, v1_2: 0x02, v1_3: 0x03 } as const;
