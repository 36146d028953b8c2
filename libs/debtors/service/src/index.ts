export * from './application/debtors.application';
export * from './application/views';
export * from './debtors.service';
export * from './import/bulk-import';
