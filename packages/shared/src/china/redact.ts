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
