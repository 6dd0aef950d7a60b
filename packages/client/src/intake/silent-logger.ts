import type { IntakeLogger } from "./intake-api.js";

const nothing = (): void => undefined;

/** The logger used when none is given: drops everything. */
export const silentLogger: IntakeLogger = { debug: nothing, info: nothing, warn: nothing, error: nothing };
