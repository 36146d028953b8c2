export * from './fixed-width/layout';
export * from './fixed-width/lines';

export * from './return-file/return-entry';
export * from './return-file/occurrences';
export * from './return-file/cnab240.layout';
export * from './return-file/cnab240.reader';
export * from './return-file/cnab400.layout';
export * from './return-file/cnab400.reader';
export * from './return-file/return-file';
export * from './statement/ofx-statement';
export * from './matching/reconcile';
