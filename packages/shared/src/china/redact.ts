import { maskPhone } from './identity.js';

/**
 * Free text that leaves the system for places without our masking (calendar feeds, messages,
 * e-mails) may hold what a manager typed: "回访时打 138 1234 5678". Runs of 7 or more digits
 * (with the spaces and dashes people type inside phone and ID numbers) are masked like phones,
 * which also covers ID and credit-code numbers; short numbers (amounts) and dates stay.
 */
export const redactNumbers = (text: string): string =>
  text.replace(/\d[\d\s-]{5,}[\dXx]/g, (run) => {
    // A date (2026-11-23) is not a number to hide.
    if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(run.trim())) return run;
    const digits = run.replace(/[\s-]/g, '');
    return digits.length >= 7 ? maskPhone(digits) : run;
  });

/** A unified social credit code anywhere in a text (18 characters, no I/O/Z/S/V). */
const CREDIT_CODE_IN_TEXT = /[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}/gi;
/** An 18-digit ID number (the last may be X) anywhere in a text. */
const ID_NUMBER_IN_TEXT = /\d{17}[\dXx]/g;

/**
 * Search text as it is recorded (the audit log keeps each export's filter): whatever looks like a
 * credit code or an ID number keeps its first 6 and last 4 characters, runs of 7 or more digits
 * are masked like phones (redactNumbers); names and short numbers stay readable.
 * `15828178044` → `158****8044`; `91330106MA2KXXXX1X` → `913301********XX1X`.
 */
export const maskSearchText = (text: string): string =>
  redactNumbers(
    text
      .replace(CREDIT_CODE_IN_TEXT, (m) => `${m.slice(0, 6)}********${m.slice(-4)}`)
      .replace(ID_NUMBER_IN_TEXT, (m) => `${m.slice(0, 6)}********${m.slice(-4)}`),
  );
