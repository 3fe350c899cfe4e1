import { describe, expect, it } from 'vitest';
import { acceptsFile, importOutcome, importPercent, isImportMode, wizardStep } from './importModel';

describe('importModel', () => {
  it('spreads progress over the validating and writing passes', () => {
    expect(importPercent({ status: 'running', phase: 'validating', processedRows: 50, totalRows: 100 })).toBe(25);
    expect(importPercent({ status: 'running', phase: 'writing', processedRows: 50, totalRows: 100 })).toBe(75);
    // Rows climbing, total not known yet: no made-up percentage (the page shows an indeterminate bar with the count).
    expect(importPercent({ status: 'running', phase: 'validating', processedRows: 0, totalRows: 0 })).toBeNull();
    expect(importPercent({ status: 'running', phase: 'validating', processedRows: 4200, totalRows: 0 })).toBeNull();
    expect(importPercent({ status: 'succeeded', phase: 'done', processedRows: 3, totalRows: 3 })).toBe(100);
  });

  it('names the outcome of a finished import', () => {
    expect(importOutcome({ status: 'running', importedRows: 0, errorCount: 0 })).toBe('running');
    expect(importOutcome({ status: 'succeeded', importedRows: 3, errorCount: 0 })).toBe('complete');
    expect(importOutcome({ status: 'succeeded', importedRows: 2, errorCount: 1 })).toBe('partial');
    expect(importOutcome({ status: 'failed', importedRows: 0, errorCount: 4 })).toBe('rejected');
    expect(importOutcome({ status: 'failed', importedRows: 0, errorCount: 0 })).toBe('crashed');
  });

  it('knows modes, steps and accepted files', () => {
    expect(isImportMode('validOnly')).toBe(true);
    expect(isImportMode('some')).toBe(false);
    expect(wizardStep(null, false, false)).toBe(0);
    expect(wizardStep(null, false, true)).toBe(1);
    expect(wizardStep('j1', false, true)).toBe(2);
    expect(acceptsFile('客户.XLSX')).toBe(true);
    expect(acceptsFile('客户.xls')).toBe(false);
  });
});
